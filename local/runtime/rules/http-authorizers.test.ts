// Rules from the API Gateway developer guide page http-api-lambda-authorizer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { identityValues, readAuthorizerAnswer, routeArnOf } from './http-authorizers.ts';

const request = (headers: Record<string, string>, query = '') => ({ headers, query: new URLSearchParams(query), stageVariables: { env: 'dev' }, context: { stage: '$default' } });
const routeArn = routeArnOf('us-east-1', '123456789012', 'abc123', '$default', 'GET', '/items');

test('identity sources: headers (any case), query strings, stage variables, context; one missing or empty means no call', () => {
  const sources = ['$request.header.Authorization', '$request.querystring.team', '$stageVariables.env', '$context.stage'];
  assert.equal(identityValues(sources, request({ authorization: 'token-1' }, 'team=a&team=b')), ['token-1', 'a,b', 'dev', '$default']);
  assert.is(identityValues(sources, request({}, 'team=a')), undefined);
  assert.is(identityValues(['$request.header.Authorization'], request({ authorization: '' })), undefined);
  assert.equal(identityValues([], request({})), []);
});

test('simple responses: isAuthorized decides, and the context goes along', () => {
  assert.equal(readAuthorizerAnswer({ ok: true, payload: { isAuthorized: true, context: { user: 'ana' } } }, { simpleResponses: true, routeArn }), { allowed: true, context: { user: 'ana' } });
  assert.equal(readAuthorizerAnswer({ ok: true, payload: { isAuthorized: false } }, { simpleResponses: true, routeArn }), { allowed: false, status: 403, reason: 'the authorizer answered isAuthorized: false' });
});

test('IAM policy responses: an Allow on the route (wildcards), no Deny', () => {
  const policy = (effect: string, resource: string) => ({ principalId: 'ana', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] } });
  assert.equal(readAuthorizerAnswer({ ok: true, payload: policy('Allow', 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*') }, { simpleResponses: false, routeArn }), { allowed: true, context: {}, principalId: 'ana' });
  assert.is(readAuthorizerAnswer({ ok: true, payload: policy('Allow', 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/*') }, { simpleResponses: false, routeArn }).allowed, false);
  const both = { policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }, { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: routeArn }] } };
  const denied = readAuthorizerAnswer({ ok: true, payload: both }, { simpleResponses: false, routeArn });
  assert.is(denied.allowed === false && denied.status, 403);
});

test('a failed authorizer, or an answer of neither shape, is a 500', () => {
  for (const result of [{ ok: false as const }, { ok: true as const, payload: 'yes' }, { ok: true as const, payload: { isAuthorized: true } }]) {
    const verdict = readAuthorizerAnswer(result, { simpleResponses: false, routeArn });
    assert.is(verdict.allowed === false && verdict.status, 500);
  }
});

test.run();
