// Lambda authorizers for HTTP APIs, as the API Gateway developer guide's
// "Working with AWS Lambda authorizers for HTTP APIs" describes them. Pure
// rules: which identity a request carries, the event the authorizer function
// gets (payload format 2.0 or 1.0), and what its answer decides. http-apis.ts
// runs them around the authorizer's invocation.
import type { SignedRequestRefusal } from '../protocol.ts';

/** What a route's authorizer decided: the integration runs with `context`, or the API answers `status`. */
export type AuthorizerVerdict = { allowed: true; context: Record<string, unknown>; principalId?: string } | { allowed: false; status: 401 | 403 | 500; reason: string };

export interface IdentityRequest {
  headers: Record<string, string>;
  query: URLSearchParams;
  stageVariables: Record<string, string>;
  context: Record<string, string>;
}

/**
 * The values of the authorizer's identity sources ($request.header.name,
 * $request.querystring.name, $stageVariables.name, $context.name), or
 * undefined when one is missing or empty: API Gateway then answers 401
 * without calling the authorizer.
 */
export function identityValues(sources: string[], request: IdentityRequest): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const [, scope = '', name = ''] = /^\$(request\.header|request\.querystring|stageVariables|context)\.(.+)$/.exec(source.trim()) ?? [];
    const value =
      scope === 'request.header'
        ? request.headers[name.toLowerCase()]
        : scope === 'request.querystring'
          ? request.query.getAll(name).join(',')
          : scope === 'stageVariables'
            ? request.stageVariables[name]
            : request.context[name];
    if (!value) return undefined;
    values.push(value);
  }
  return values;
}

/** "arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD><path>": the route ARN an authorizer is asked about. */
export function routeArnOf(region: string, account: string, apiId: string, stage: string, method: string, path: string): string {
  return `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/${method}${path}`;
}

/** A policy statement's Resource with * and ? wildcards, as IAM matches it. */
function resourceMatches(pattern: string, arn: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(arn);
}

/** An IAM policy response: allowed when an Allow statement covers execute-api:Invoke on the route and no Deny does. */
function policyAllows(document: unknown, routeArn: string): boolean | undefined {
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  if (!Array.isArray(statements)) return undefined;
  const covers = (s: Record<string, unknown>) => {
    const actions = [s['Action']].flat().map(String);
    const resources = [s['Resource']].flat().map(String);
    return actions.some((a) => a === '*' || a === 'execute-api:*' || a === 'execute-api:Invoke') && resources.some((r) => resourceMatches(r, routeArn));
  };
  const relevant = (statements as Record<string, unknown>[]).filter(covers);
  if (relevant.some((s) => s['Effect'] === 'Deny')) return false;
  return relevant.some((s) => s['Effect'] === 'Allow');
}

/**
 * What the authorizer's answer decides. With simple responses (format 2.0),
 * `isAuthorized`; otherwise an IAM policy with `principalId`. `context` goes
 * to the integration. A failed invocation or an answer of neither shape is a
 * 500, as API Gateway answers.
 */
export function readAuthorizerAnswer(result: { ok: true; payload: unknown } | { ok: false }, options: { simpleResponses: boolean; routeArn: string }): AuthorizerVerdict {
  if (!result.ok) return { allowed: false, status: 500, reason: 'the authorizer function failed' };
  const answer = result.payload as Record<string, unknown> | null;
  if (answer === null || typeof answer !== 'object') return { allowed: false, status: 500, reason: 'the authorizer returned no object' };
  const context = answer['context'] !== null && typeof answer['context'] === 'object' ? (answer['context'] as Record<string, unknown>) : {};
  if (options.simpleResponses && typeof answer['isAuthorized'] === 'boolean') {
    return answer['isAuthorized'] ? { allowed: true, context } : { allowed: false, status: 403, reason: 'the authorizer answered isAuthorized: false' };
  }
  const allows = policyAllows(answer['policyDocument'], options.routeArn);
  if (allows === undefined) return { allowed: false, status: 500, reason: options.simpleResponses ? 'the authorizer answered neither isAuthorized nor a policyDocument' : 'the authorizer answered no policyDocument' };
  if (!allows) return { allowed: false, status: 403, reason: `the authorizer's policy does not allow execute-api:Invoke on ${options.routeArn}` };
  return { allowed: true, context, ...(typeof answer['principalId'] === 'string' ? { principalId: answer['principalId'] } : {}) };
}

/**
 * The 403 body API Gateway answers for a route (or REST method) with AWS_IAM authorization
 * that the caller may not invoke, in the words of API Gateway's IAM errors:
 * no signature, credentials it does not know, a signature that does not
 * match, or an identity without execute-api:Invoke on the route.
 */
export function iamRefusalBody(api: 'http' | 'rest', refusal: SignedRequestRefusal | undefined, principal: string | undefined, routeArn: string): Record<string, string> {
  switch (refusal) {
    case 'unsigned':
      // A REST API answers an unsigned request as it answers a missing resource.
      return { message: api === 'rest' ? 'Missing Authentication Token' : 'Forbidden' };
    case 'unknown-key':
    case 'bad-token':
      return { message: 'The security token included in the request is invalid.' };
    case 'bad-signature':
      return { message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' };
    default:
      return { Message: `User: ${principal ?? 'anonymous'} is not authorized to perform: execute-api:Invoke on resource: ${routeArn}` };
  }
}
