// API Gateway REST APIs (apigateway v1) with Lambda proxy integrations: each
// test names the developer guide page whose rule it checks
// (set-up-lambda-proxy-integrations, api-gateway-create-api-as-simple-proxy,
// permissions: "Control access to a REST API with IAM permissions").
import { APIGatewayClient, UpdateMethodCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, DeleteRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { portsOf } from '../../local/runtime/protocol.ts';
import { signedFetch } from '../signed-fetch.ts';
import { createFunctionFrom, createRole, lambda, removeCreated, target } from './harness.ts';

const apigateway = new APIGatewayClient(target.clientConfig);
const account = (await new STSClient(target.clientConfig).send(new GetCallerIdentityCommand({}))).Account!;
const runtime = `http://127.0.0.1:${portsOf(Number(new URL(target.endpoint!).port)).runtime}/_aws/execute-api`;
const apis: string[] = [];

const ECHO = `exports.handler = async (event) => {
  if ((event.queryStringParameters || {}).answer === 'broken') return { hello: 'no statusCode' };
  return { statusCode: 201, headers: { 'x-kind': 'echo' }, body: JSON.stringify(event) };
};`;

/** A REST API with /items/{id} (GET) and /{proxy+} (ANY), both AWS_PROXY to an echo function, deployed to stage prod. */
async function restApi(allow: boolean): Promise<{ apiId: string; fn: string; itemId: string }> {
  const role = await createRole('rest-echo', []);
  const fn = await createFunctionFrom('rest-echo', { 'index.js': ECHO }, { role });
  const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: fn }));
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Configuration!.FunctionArn}/invocations`;
  const { id: apiId } = await apigateway.send(new CreateRestApiCommand({ name: 'conformance-rest' }));
  apis.push(apiId!);
  const { items = [] } = await apigateway.send(new GetResourcesCommand({ restApiId: apiId }));
  const root = items.find((r) => r.path === '/')!.id!;
  const { id: itemsId } = await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: 'items' }));
  const { id: itemId } = await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: itemsId, pathPart: '{id}' }));
  const { id: proxyId } = await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: '{proxy+}' }));
  for (const [resourceId, httpMethod] of [[itemId!, 'GET'], [proxyId!, 'ANY']] as const) {
    await apigateway.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
  }
  await apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { color: 'blue' } }));
  if (allow) {
    await lambda.send(new AddPermissionCommand({ FunctionName: fn, StatementId: 'rest', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${account}:${apiId}/*/*/*` }));
  }
  return { apiId: apiId!, fn, itemId: itemId! };
}

interface EchoedV1 {
  resource: string;
  path: string;
  httpMethod: string;
  pathParameters: Record<string, string> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  stageVariables: Record<string, string> | null;
  body: string | null;
  requestContext: { stage: string; resourcePath: string; path: string; httpMethod: string };
}

test('set-up-lambda-proxy-integrations: the 1.0 event with the resource template, path parameters, query and stage variables; the result as the response', async () => {
  const { apiId } = await restApi(true);
  const response = await fetch(`${runtime}/${apiId}/prod/items/42?tag=a&tag=b`);
  assert.is(response.status, 201);
  assert.is(response.headers.get('x-kind'), 'echo');
  const event = (await response.json()) as EchoedV1;
  assert.equal([event.resource, event.path, event.httpMethod], ['/items/{id}', '/items/42', 'GET']);
  assert.equal(event.pathParameters, { id: '42' });
  assert.equal([event.queryStringParameters, event.multiValueQueryStringParameters], [{ tag: 'b' }, { tag: ['a', 'b'] }]);
  assert.equal(event.stageVariables, { color: 'blue' });
  assert.equal([event.requestContext.stage, event.requestContext.resourcePath, event.requestContext.path], ['prod', '/items/{id}', '/prod/items/42']);
  const greedy = (await (await fetch(`${runtime}/${apiId}/prod/any/deeper/path`, { method: 'POST', body: 'hi', headers: { 'content-type': 'text/plain' } })).json()) as EchoedV1;
  assert.equal([greedy.resource, greedy.pathParameters, greedy.body], ['/{proxy+}', { proxy: 'any/deeper/path' }, 'hi']);
});

test("api-gateway-create-api-as-simple-proxy: an unknown stage is 403 Forbidden, no method 403 Missing Authentication Token, a malformed result 502, and without aws_lambda_permission 500", async () => {
  const { apiId } = await restApi(true);
  const stage = await fetch(`${runtime}/${apiId}/staging/items/1`);
  assert.equal([stage.status, await stage.json()], [403, { message: 'Forbidden' }]);
  const root = await fetch(`${runtime}/${apiId}/prod/`);
  assert.equal([root.status, await root.json()], [403, { message: 'Missing Authentication Token' }], 'the root has no method, and {proxy+} does not take it');
  const broken = await fetch(`${runtime}/${apiId}/prod/items/1?answer=broken`);
  assert.equal([broken.status, await broken.json()], [502, { message: 'Internal server error' }]);
  const closed = await restApi(false);
  assert.is((await fetch(`${runtime}/${closed.apiId}/prod/items/1`)).status, 500);
});

test('permissions: an AWS_IAM method answers a SigV4 caller allowed execute-api:Invoke; Missing Authentication Token unsigned, 403 with the reason otherwise', async () => {
  const { apiId, itemId } = await restApi(true);
  await apigateway.send(new UpdateMethodCommand({ restApiId: apiId, resourceId: itemId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }] }));
  const roleArn = await createRole('rest-reader', [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:${account}:${apiId}/prod/GET/items/1` }], `arn:aws:iam::${account}:root`);
  const { Credentials } = await new STSClient(target.clientConfig).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'reader' }));
  const keys = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
  const get = (id: string, signed: boolean) => signedFetch(new URL(`${runtime}/${apiId}/prod/items/${id}`), { method: 'GET', service: 'execute-api', ...(signed ? { keys } : {}) });
  assert.is((await get('1', true)).status, 201);
  const unsigned = await get('1', false);
  assert.equal([unsigned.status, await unsigned.json()], [403, { message: 'Missing Authentication Token' }]);
  const other = await get('2', true);
  assert.is(other.status, 403);
  assert.match(((await other.json()) as { Message: string }).Message, `is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:${account}:${apiId}/prod/GET/items/2`);
});

test.after(async () => {
  for (const restApiId of apis) await apigateway.send(new DeleteRestApiCommand({ restApiId })).catch(() => undefined);
  await removeCreated();
});
test.run();
