// API Gateway HTTP APIs with Lambda proxy integrations: each test names the
// API Gateway developer guide page whose rule it checks
// (http-api-develop-integrations-lambda, http-api-develop-routes, http-api-cors,
// http-api-lambda-authorizer, http-api-jwt-authorizer, http-api-access-control-iam).
import { AddPermissionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, DeleteApiCommand, GetRoutesCommand, UpdateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AdminCreateUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signedFetch, type SigningKeys } from '../signed-fetch.ts';
import { createFunctionFrom, createRole, lambda, removeCreated, target } from './harness.ts';

const apigateway = new ApiGatewayV2Client(target.clientConfig);
const apis: string[] = [];
const account = (await new STSClient(target.clientConfig).send(new GetCallerIdentityCommand({}))).Account!;

// Echoes what it received, and answers as the event asks.
const ECHO = `exports.handler = async (event) => {
  const ask = (event.queryStringParameters || {}).answer;
  if (ask === 'plain') return { hello: 'world' };
  if (ask === 'teapot') return { statusCode: 418, headers: { 'x-kind': 'teapot' }, body: 'short and stout' };
  return { statusCode: 200, body: JSON.stringify(event) };
};`;

/** The fields of the events the tests read (2.0 and 1.0). */
interface Echoed {
  version: string;
  routeKey: string;
  rawPath: string;
  path: string;
  resource: string;
  httpMethod: string;
  body: string | null;
  isBase64Encoded: boolean;
  cookies: string[];
  headers: Record<string, string>;
  pathParameters: Record<string, string>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters: Record<string, string[]>;
  requestContext: {
    apiId: string;
    stage: string;
    http: { method: string };
    authorizer?: { lambda: Record<string, unknown>; jwt: { claims: Record<string, string>; scopes: string[] | null }; claims: Record<string, string>; scopes: string[] | null };
  };
}

async function echoFunction(): Promise<{ name: string; arn: string }> {
  const role = await createRole('api-echo', []);
  const name = await createFunctionFrom('api-echo', { 'index.js': ECHO }, { role });
  const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  return { name, arn: Configuration!.FunctionArn! };
}

/** An HTTP API with the routes given, each to `fn` with the payload format given; the $default stage, auto-deployed. */
async function httpApi(fn: { name: string; arn: string }, routes: string[], options: { format?: '1.0' | '2.0'; allow?: boolean; stage?: string; cors?: object } = {}): Promise<{ endpoint: string; apiId: string }> {
  const { ApiId, ApiEndpoint } = await apigateway.send(new CreateApiCommand({ Name: 'conformance', ProtocolType: 'HTTP', CorsConfiguration: options.cors }));
  apis.push(ApiId!);
  const { IntegrationId } = await apigateway.send(
    new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn.arn, PayloadFormatVersion: options.format ?? '2.0' }),
  );
  for (const RouteKey of routes) await apigateway.send(new CreateRouteCommand({ ApiId, RouteKey, Target: `integrations/${IntegrationId}` }));
  await apigateway.send(new CreateStageCommand({ ApiId, StageName: options.stage ?? '$default', AutoDeploy: true }));
  if (options.allow !== false) {
    await lambda.send(
      new AddPermissionCommand({ FunctionName: fn.name, StatementId: `api-${ApiId}`, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${account}:${ApiId}/*/*` }),
    );
  }
  return { endpoint: ApiEndpoint!, apiId: ApiId! };
}

test('http-api-develop-integrations-lambda: payload format 2.0, with path parameters, query, cookies and the route key', async () => {
  const fn = await echoFunction();
  const { endpoint, apiId } = await httpApi(fn, ['GET /items/{id}', 'ANY /{proxy+}']);
  const response = await fetch(`${endpoint}/items/42?color=red&color=blue`, { headers: { cookie: 'a=1; b=2', 'x-custom': 'yes' } });
  assert.is(response.status, 200);
  const event = (await response.json()) as Echoed;
  assert.is(event.version, '2.0');
  assert.is(event.routeKey, 'GET /items/{id}');
  assert.is(event.rawPath, '/items/42');
  assert.equal(event.pathParameters, { id: '42' });
  assert.equal(event.queryStringParameters, { color: 'red,blue' }, 'repeated parameters joined with commas');
  assert.equal(event.cookies, ['a=1', 'b=2']);
  assert.is(event.headers['x-custom'], 'yes');
  assert.is(event.requestContext.apiId, apiId);
  assert.is(event.requestContext.stage, '$default');
  assert.is(event.requestContext.http.method, 'GET');

  const greedy = (await (await fetch(`${endpoint}/files/a/b.txt`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } })).json()) as Echoed;
  assert.is(greedy.routeKey, 'ANY /{proxy+}', 'the greedy route takes what the specific one does not');
  assert.equal(greedy.pathParameters, { proxy: 'files/a/b.txt' });
  assert.is(greedy.body, '{"x":1}');
  assert.is(greedy.isBase64Encoded, false);
});

test('http-api-develop-integrations-lambda: format 2.0 responses — a statusCode result as is, any other result as a 200 JSON body', async () => {
  const fn = await echoFunction();
  const { endpoint } = await httpApi(fn, ['GET /answer']);
  const plain = await fetch(`${endpoint}/answer?answer=plain`);
  assert.is(plain.status, 200);
  assert.is(plain.headers.get('content-type'), 'application/json');
  assert.equal(await plain.json(), { hello: 'world' });
  const teapot = await fetch(`${endpoint}/answer?answer=teapot`);
  assert.is(teapot.status, 418);
  assert.is(teapot.headers.get('x-kind'), 'teapot');
  assert.is(await teapot.text(), 'short and stout');
});

test('http-api-develop-integrations-lambda: payload format 1.0 has httpMethod, resource, multi-value fields, and needs a statusCode', async () => {
  const fn = await echoFunction();
  const { endpoint } = await httpApi(fn, ['GET /items/{id}'], { format: '1.0' });
  const event = (await (await fetch(`${endpoint}/items/7?tag=a&tag=b`)).json()) as Echoed;
  assert.is(event.version, '1.0');
  assert.is(event.httpMethod, 'GET');
  assert.is(event.resource, '/items/{id}');
  assert.is(event.path, '/items/7');
  assert.equal(event.pathParameters, { id: '7' });
  assert.equal(event.multiValueQueryStringParameters, { tag: ['a', 'b'] });
  assert.equal(event.queryStringParameters, { tag: 'b' }, 'the last value');
  assert.is(event.body, null);
  const plain = await fetch(`${endpoint}/items/7?answer=plain`);
  assert.is(plain.status, 500, 'a 1.0 response without statusCode is an integration error');
  assert.equal(await plain.json(), { message: 'Internal Server Error' });
});

test('http-api-develop-routes: a named stage is the path first segment; no route is 404 Not Found', async () => {
  const fn = await echoFunction();
  const { endpoint } = await httpApi(fn, ['GET /hello'], { stage: 'prod' });
  const event = (await (await fetch(`${endpoint}/prod/hello`)).json()) as Echoed;
  assert.is(event.requestContext.stage, 'prod');
  assert.is(event.rawPath, '/prod/hello');
  const missing = await fetch(`${endpoint}/prod/nowhere`);
  assert.is(missing.status, 404);
  assert.equal(await missing.json(), { message: 'Not Found' });
  assert.is((await fetch(`${endpoint}/hello`)).status, 404, 'no $default stage');
});

test('http-api-develop-integrations-lambda: without aws_lambda_permission for apigateway.amazonaws.com the API answers 500', async () => {
  const fn = await echoFunction();
  const { endpoint } = await httpApi(fn, ['GET /secret'], { allow: false });
  const response = await fetch(`${endpoint}/secret`);
  assert.is(response.status, 500);
  assert.equal(await response.json(), { message: 'Internal Server Error' });
});

test('http-api-cors: a preflight is answered by the API, and responses carry the CORS headers', async () => {
  const fn = await echoFunction();
  const { endpoint } = await httpApi(fn, ['POST /orders'], { cors: { AllowOrigins: ['https://app.example'], AllowMethods: ['POST'], AllowHeaders: ['content-type'], MaxAge: 300 } });
  const preflight = await fetch(`${endpoint}/orders`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
  assert.is(preflight.status, 204);
  assert.is(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.is(preflight.headers.get('access-control-allow-methods'), 'POST');
  assert.is(preflight.headers.get('access-control-max-age'), '300');
  const post = await fetch(`${endpoint}/orders`, { method: 'POST', headers: { origin: 'https://app.example' }, body: 'x' });
  assert.is(post.headers.get('access-control-allow-origin'), 'https://app.example');
});

// Lets a request in when its Authorization header is "let-me-in"; counts its calls in the context.
const AUTHORIZER = `let calls = 0;
exports.handler = async (event) => {
  calls += 1;
  return { isAuthorized: event.identitySource[0] === 'let-me-in', context: { user: 'learner', calls, routeArn: event.routeArn, type: event.type } };
};`;

test('http-api-lambda-authorizer: 401 without the identity source, 403 when denied, the context reaches the integration, answers cached for the TTL', async () => {
  const fn = await echoFunction();
  const { endpoint, apiId } = await httpApi(fn, ['GET /private']);
  const role = await createRole('api-authorizer', []);
  const authorizerName = await createFunctionFrom('api-authorizer', { 'index.js': AUTHORIZER }, { role });
  const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: authorizerName }));
  const { AuthorizerId } = await apigateway.send(
    new CreateAuthorizerCommand({
      ApiId: apiId,
      Name: 'let-me-in',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Configuration!.FunctionArn}/invocations`,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    }),
  );
  const { Items: routes = [] } = await apigateway.send(new GetRoutesCommand({ ApiId: apiId }));
  await apigateway.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routes[0]!.RouteId, AuthorizationType: 'CUSTOM', AuthorizerId }));

  assert.is((await fetch(`${endpoint}/private`, { headers: { authorization: 'let-me-in' } })).status, 500, 'the authorizer function does not yet let API Gateway invoke it');
  await lambda.send(
    new AddPermissionCommand({ FunctionName: authorizerName, StatementId: 'api', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:${account}:${apiId}/authorizers/${AuthorizerId}` }),
  );
  const missing = await fetch(`${endpoint}/private`);
  assert.equal([missing.status, await missing.json()], [401, { message: 'Unauthorized' }]);
  const denied = await fetch(`${endpoint}/private`, { headers: { authorization: 'not-me' } });
  assert.equal([denied.status, await denied.json()], [403, { message: 'Forbidden' }]);
  const first = await fetch(`${endpoint}/private`, { headers: { authorization: 'let-me-in' } });
  assert.is(first.status, 200);
  const context = ((await first.json()) as Echoed).requestContext.authorizer!.lambda;
  assert.equal([context['user'], context['type'], context['routeArn']], ['learner', 'REQUEST', `arn:aws:execute-api:us-east-1:${account}:${apiId}/$default/GET/private`]);
  const again = ((await (await fetch(`${endpoint}/private`, { headers: { authorization: 'let-me-in' } })).json()) as Echoed).requestContext.authorizer!.lambda;
  assert.is(again['calls'], context['calls'], 'the second request used the cached answer');
});

/** Puts `routeKey` of the API behind a new JWT authorizer for `issuer` and `audience`, asking for `scopes`. */
async function requireJwt(apiId: string, routeKey: string, jwt: { issuer: string; audience: string[]; scopes?: string[] }): Promise<void> {
  const { AuthorizerId } = await apigateway.send(
    new CreateAuthorizerCommand({ ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: jwt.issuer, Audience: jwt.audience } }),
  );
  const { Items: routes = [] } = await apigateway.send(new GetRoutesCommand({ ApiId: apiId }));
  const route = routes.find((r) => r.RouteKey === routeKey)!;
  await apigateway.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'JWT', AuthorizerId, AuthorizationScopes: jwt.scopes }));
}

const cognito = new CognitoIdentityProviderClient(target.clientConfig);
const pools: string[] = [];

test("http-api-jwt-authorizer: an Amazon Cognito user pool's ID and access tokens let a request in, with its claims; a missing, foreign or forged token gets 401", async () => {
  const fn = await echoFunction();
  const { endpoint, apiId } = await httpApi(fn, ['GET /me', 'GET /open']);
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'conformance' }));
  pools.push(UserPool!.Id!);
  const client = async (name: string) =>
    (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id, ClientName: name, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!.ClientId!;
  const [ours, theirs] = [await client('web'), await client('elsewhere')];
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id, Username: 'ana' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id, Username: 'ana', Password: 'Correct-horse-1', Permanent: true }));
  const signIn = async (ClientId: string) =>
    (await cognito.send(new AdminInitiateAuthCommand({ UserPoolId: UserPool!.Id, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Correct-horse-1' } }))).AuthenticationResult!;
  const { IdToken, AccessToken } = await signIn(ours);
  await requireJwt(apiId, 'GET /me', { issuer: `https://cognito-idp.us-east-1.amazonaws.com/${UserPool!.Id}`, audience: [ours] });

  assert.is((await fetch(`${endpoint}/open`)).status, 200, 'a route without the authorizer stays open');
  const missing = await fetch(`${endpoint}/me`);
  assert.equal([missing.status, await missing.json()], [401, { message: 'Unauthorized' }]);
  const byId = await fetch(`${endpoint}/me`, { headers: { authorization: `Bearer ${IdToken}` } });
  assert.is(byId.status, 200);
  const claims = ((await byId.json()) as Echoed).requestContext.authorizer!.jwt.claims;
  assert.equal([claims['cognito:username'], claims['aud'], claims['token_use']], ['ana', ours, 'id']);
  assert.is(typeof claims['exp'], 'string', 'claims reach the integration as strings');
  const byAccess = await fetch(`${endpoint}/me`, { headers: { authorization: AccessToken! } });
  assert.is(byAccess.status, 200, 'an access token matches by client_id, without "Bearer "');
  const foreign = await fetch(`${endpoint}/me`, { headers: { authorization: `Bearer ${(await signIn(theirs)).IdToken}` } });
  assert.equal([foreign.status, foreign.headers.get('www-authenticate')], [401, 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"']);
  const [header, payload] = IdToken!.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), 'cognito:username': 'admin' })).toString('base64url');
  const forged = await fetch(`${endpoint}/me`, { headers: { authorization: `Bearer ${header}.${forgedPayload}.${IdToken!.split('.')[2]}` } });
  assert.equal([forged.status, forged.headers.get('www-authenticate')], [401, `Bearer scope="" error="invalid_token" error_description="the token's signature is invalid"`]);
});

test("http-api-jwt-authorizer: any OIDC issuer's keys; a route's scopes (403 without one), exp, and payload format 1.0's claims", async () => {
  // A learner's own identity provider: its discovery document and keys, on a port of this test.
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }] };
  const server: Server = createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/keys` } : req.url === '/keys' ? jwks : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const fn = await echoFunction();
    const { endpoint, apiId } = await httpApi(fn, ['GET /orders'], { format: '1.0' });
    await requireJwt(apiId, 'GET /orders', { issuer, audience: ['orders-api'], scopes: ['orders/read'] });
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, exp = now + 300) =>
      new SignJWT({ scope: 'orders/read profile', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setIssuer(issuer).setAudience('orders-api').setIssuedAt(now).setExpirationTime(exp).setSubject('u-7').sign(privateKey);
    const call = async (token: string) => {
      const response = await fetch(`${endpoint}/orders`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, challenge: response.headers.get('www-authenticate'), event: response.status === 200 ? ((await response.json()) as Echoed) : undefined };
    };
    const allowed = await call(await sign({ groups: ['staff', 'eu'] }));
    assert.is(allowed.status, 200);
    assert.equal(allowed.event!.requestContext.authorizer!.scopes, ['orders/read', 'profile']);
    assert.equal([allowed.event!.requestContext.authorizer!.claims['sub'], allowed.event!.requestContext.authorizer!.claims['groups']], ['u-7', '[staff eu]']);
    const unscoped = await call(await sign({ scope: 'profile' }));
    assert.equal([unscoped.status, unscoped.challenge], [403, 'Bearer scope="orders/read" error="insufficient_scope" error_description="expected scopes: [orders/read]"']);
    const expired = await call(await sign({}, now - 10));
    assert.equal([expired.status, expired.challenge], [401, 'Bearer scope="" error="invalid_token" error_description="the token has expired"']);
    const hmac = await new SignJWT({ scope: 'orders/read' }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setIssuer(issuer).setAudience('orders-api').setExpirationTime(now + 300).sign(new TextEncoder().encode('a shared secret, not a key pair'));
    assert.equal((await call(hmac)).challenge, 'Bearer scope="" error="invalid_token" error_description="the token is not signed with an RSA algorithm"');
  } finally {
    server.close();
  }
});

test('http-api-access-control-iam: an AWS_IAM route answers a SigV4 caller allowed execute-api:Invoke on it; 403 to an unsigned, a tampered and an unpermitted caller', async () => {
  const fn = await echoFunction();
  const { endpoint, apiId } = await httpApi(fn, ['GET /reports', 'POST /reports']);
  const { Items: routes = [] } = await apigateway.send(new GetRoutesCommand({ ApiId: apiId }));
  for (const route of routes) await apigateway.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'AWS_IAM' }));
  const sts = new STSClient(target.clientConfig);
  const reportsArn = `arn:aws:execute-api:us-east-1:${account}:${apiId}/*/GET/reports`;
  const sessionOf = async (RoleArn: string): Promise<SigningKeys> => {
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'reader' }));
    return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
  };
  const reader = await sessionOf(await createRole('api-reader', [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: reportsArn }], `arn:aws:iam::${account}:root`));
  const call = (method: string, keys?: SigningKeys) => signedFetch(new URL(`${endpoint}/reports`), { method, service: 'execute-api', ...(keys ? { keys } : {}) });

  const allowed = await call('GET', reader);
  assert.is(allowed.status, 200, await allowed.clone().text());
  assert.is(((await allowed.json()) as Echoed).routeKey, 'GET /reports');
  const unsigned = await call('GET');
  assert.equal([unsigned.status, await unsigned.json()], [403, { message: 'Forbidden' }]);
  const routeArn = `arn:aws:execute-api:us-east-1:${account}:${apiId}/$default/POST/reports`;
  const other = await call('POST', reader);
  assert.is(other.status, 403, 'the role may GET the reports, not POST them');
  assert.match(((await other.json()) as { Message: string }).Message, new RegExp(`^User: arn:aws:sts::${account}:assumed-role/.+/reader is not authorized to perform: execute-api:Invoke on resource: ${routeArn.replace(/\$/g, '\\$')}$`));
  const tampered = await call('GET', { ...reader, secretAccessKey: 'not-the-secret' });
  assert.is(tampered.status, 403);
  assert.match(((await tampered.json()) as { message: string }).message, /^The request signature we calculated does not match/);
});

test.after(async () => {
  for (const ApiId of apis) await apigateway.send(new DeleteApiCommand({ ApiId })).catch(() => undefined);
  for (const UserPoolId of pools) await cognito.send(new DeleteUserPoolCommand({ UserPoolId })).catch(() => undefined);
  await removeCreated();
});
test.run();
