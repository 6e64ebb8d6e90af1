// How Lambda reads a reference to a function (Invoke's FunctionName and
// Qualifier, a mapping's, subscription's or integration's function ARN) and
// where an alias sends an event ("Create an alias", "Alias routing
// configuration" in the Lambda developer guide):
// - a name, "name:qualifier" or an ARN, qualified or not; the qualifier is
//   $LATEST, a version's number or an alias's name (never all digits);
// - an alias sends each event to its own version, or to an additional
//   version with that version's weight as its probability.
// Pure: functions.ts picks the host, the invocation record names the ARN.
import { isArn, parseArn } from '@streamlab/kit/arn';

/** A function named by name, "name:qualifier" or ARN (qualified or not): its name and its qualifier, if any. */
export function referenceOf(nameOrArn: string): { name: string; qualifier?: string } {
  const [name = '', qualifier] = isArn(nameOrArn) ? parseArn(nameOrArn).resource.split(':').slice(1) : nameOrArn.split(':');
  return qualifier ? { name, qualifier } : { name };
}

/** A function's ARN with its qualifier: as named, or with $LATEST (an invocation record's functionArn). */
export function withQualifier(functionArn: string): string {
  return referenceOf(functionArn).qualifier ? functionArn : `${functionArn}:$LATEST`;
}

/** Where an alias sends events: its version, and other versions with their share (RoutingConfig's AdditionalVersionWeights). */
export interface AliasRoute {
  version: string;
  weights: [version: string, weight: number][];
}

/** The version one event goes to, for a uniform `draw` in [0, 1): an additional version with its weight's probability, else the alias's own. */
export function versionFor(route: AliasRoute, draw = Math.random()): string {
  let rest = draw;
  for (const [version, weight] of route.weights) {
    if (rest < weight) return version;
    rest -= weight;
  }
  return route.version;
}
