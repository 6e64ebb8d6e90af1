// ARNs (arn:partition:service:region:account:resource), read in one place.
// Shared by the scripts, the local runtime, the lab console and the tests.

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the account: "function:name", "table/name/stream/label", "queue-name" ... */
  resource: string;
}

export function parseArn(arn: string): Arn {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`not an ARN: ${arn}`);
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export function isArn(value: string): boolean {
  return value.startsWith('arn:');
}

/**
 * The name of the resource an ARN names: a queue or topic name, a function's
 * name (without a qualifier), a table's, a rule's or an alarm's name.
 */
export function resourceName(arn: string): string {
  const { resource } = parseArn(arn);
  const [, name] = resource.split(/[:/]/);
  return name ?? resource;
}

/** A name as it is, or the resource name of an ARN (Lambda's FunctionName accepts either). */
export function nameOf(nameOrArn: string): string {
  return isArn(nameOrArn) ? resourceName(nameOrArn) : nameOrArn;
}
