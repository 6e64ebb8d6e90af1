// API Gateway HTTP APIs (apigatewayv2), served on the runtime's HTTP port.
// moto stores APIs, routes, integrations and stages; the runtime answers their
// requests as API Gateway does ("Working with routes / stages / AWS Lambda
// proxy integrations for HTTP APIs"):
// - the address: http://127.0.0.1:<runtime port>/_aws/execute-api/<api-id>/…,
//   which the emulator hands out as the API's ApiEndpoint (so Terraform's
//   api_endpoint points here); a request for the AWS
//   host name <api-id>.execute-api.<region>.amazonaws.com in X-Forwarded-Host
//   (the rehearsal) is served too;
// - stages: a path that starts with a named stage goes to that stage; any
//   other goes to $default, if the API has it;
// - routes: the most specific wins: a literal path before {param} before
//   {proxy+}, a method before ANY, then $default; no route answers 404
//   {"message":"Not Found"};
// - Lambda proxy integrations with payload format 2.0 or 1.0; the function's
//   resource policy must let apigateway.amazonaws.com invoke it from the
//   route's execute-api ARN (aws_lambda_permission), or the API answers 500;
// - the API's CorsConfiguration answers preflights and adds CORS headers.
// - Lambda (CUSTOM, REQUEST) authorizers run before the integration
//   (rules/http-authorizers.ts): 401 without the identity sources, 403 when
//   the answer denies, 500 when it fails; the answer's context reaches the
//   integration.
// - JWT authorizers check the token's signature against the issuer's keys
//   (jwt-keys.ts) and its claims and scopes (rules/jwt-claims.ts): 401 or 403
//   with a www-authenticate header; the claims reach the integration.
// - AWS_IAM routes need a SigV4 signature by a caller allowed execute-api:Invoke
//   on the route's ARN (checked by the emulator, sigv4-auth.ts), else 403.
import { GetApiCommand, GetAuthorizerCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand, ApiGatewayV2Client, type GetAuthorizerCommandOutput, type Integration, type Route } from '@aws-sdk/client-apigatewayv2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nameOf } from '@streamlab/kit/arn';
import type { ApiGatewayPermissions } from './api-gateway-permissions.ts';
import { functionOfInvocationUri, functionOfUri, selectRoute } from './rules/api-routes.ts';
import { EMULATOR_CREDENTIALS, type Clients } from './clients.ts';
import { ConfigCache, notFoundAsNull } from './config-cache.ts';
import type { Functions } from './functions.ts';
import { corsHeaders, type Cors, headersOf, type HttpResponse, INTEGRATION_ERROR, jsonMessage, toEventV1, toEventV2, toResponseV1, toResponseV2 } from './http-payloads.ts';
import type { Invoker } from './invoker.ts';
import { JwtKeys } from './jwt-keys.ts';
import { type AuthorizerVerdict, identityValues, readAuthorizerAnswer, routeArnOf } from './rules/http-authorizers.ts';
import { checkClaims, invalidToken, type JwtVerdict, tokenOf } from './rules/jwt-claims.ts';
import { executeApiRefusal } from './sigv4-auth.ts';
import type { Trace } from './trace.ts';

export const API_PREFIX = '/_aws/execute-api/';
/** The host name of an HTTP API on AWS. */
const AWS_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;
const CONFIG_CACHE_MS = 30_000;

interface ApiConfig {
  apiId: string;
  account: string;
  region: string;
  cors: Cors | undefined;
  stages: Map<string, Record<string, string>>;
  routes: (Route & { RouteKey: string })[];
  integrations: Map<string, Integration>;
  authorizers: Map<string, GetAuthorizerCommandOutput>;
}

/** The API a request is for, and the path inside it: from our path prefix or the AWS host name. */
export function apiRequestOf(req: IncomingMessage): { apiId: string; path: string; publicHost?: string } | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const host = AWS_API_HOST.exec(String(req.headers['x-forwarded-host'] ?? '').toLowerCase());
  if (host) return { apiId: host[1]!, path: url.pathname, publicHost: host[0] };
  if (!url.pathname.startsWith(API_PREFIX)) return undefined;
  const [apiId = '', ...rest] = url.pathname.slice(API_PREFIX.length).split('/');
  return { apiId, path: `/${rest.join('/')}` };
}

export class HttpApis {
  private readonly apigateway: ApiGatewayV2Client;
  private readonly configs = new ConfigCache<ApiConfig>(CONFIG_CACHE_MS);
  /** Authorizer answers cached by their identity, for AuthorizerResultTtlInSeconds. */
  private readonly verdicts = new Map<string, { until: number; verdict: AuthorizerVerdict }>();
  private readonly jwtKeys: JwtKeys;

  constructor(
    private readonly deps: { endpoint: string; region: string; clients: Clients; functions: Functions; invoker: Invoker; trace: Trace; permissions: ApiGatewayPermissions; iamEnforced: boolean },
  ) {
    this.apigateway = new ApiGatewayV2Client({ endpoint: deps.endpoint, region: deps.region, credentials: EMULATOR_CREDENTIALS });
    this.jwtKeys = new JwtKeys(deps.endpoint);
  }

  /** Drops what was read: the emulator nudged an API Gateway or Lambda change. */
  forget(): void {
    this.configs.clear();
    this.verdicts.clear();
    this.jwtKeys.forget();
  }

  /** Whether `apiId` is an HTTP API (the runtime's HTTP server asks before it hands a request here). */
  async serves(apiId: string): Promise<boolean> {
    return (await this.configOf(apiId)) !== null;
  }

  private configOf(apiId: string): Promise<ApiConfig | null> {
    return this.configs.get(apiId, () => this.read(apiId));
  }

  private async read(apiId: string): Promise<ApiConfig | null> {
    const api = await this.apigateway.send(new GetApiCommand({ ApiId: apiId })).catch(notFoundAsNull);
    if (api?.ProtocolType !== 'HTTP') return null;
    const [stages, routes, integrations] = await Promise.all([
      this.apigateway.send(new GetStagesCommand({ ApiId: apiId })),
      this.apigateway.send(new GetRoutesCommand({ ApiId: apiId })),
      this.apigateway.send(new GetIntegrationsCommand({ ApiId: apiId })),
    ]);
    const { Account: account = '000000000000' } = await this.deps.clients.sts.send(new GetCallerIdentityCommand({}));
    const authorizerIds = [...new Set((routes.Items ?? []).flatMap((r) => ((r.AuthorizationType === 'CUSTOM' || r.AuthorizationType === 'JWT') && r.AuthorizerId ? [r.AuthorizerId] : [])))];
    const authorizers = new Map(await Promise.all(authorizerIds.map(async (id) => [id, await this.apigateway.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: id }))] as const)));
    return {
      authorizers,
      apiId,
      account,
      region: this.deps.region,
      cors: api.CorsConfiguration as Cors | undefined,
      stages: new Map((stages.Items ?? []).map((s) => [s.StageName!, s.StageVariables ?? {}])),
      routes: (routes.Items ?? []).filter((r): r is Route & { RouteKey: string } => Boolean(r.RouteKey)),
      integrations: new Map((integrations.Items ?? []).map((i) => [i.IntegrationId!, i])),
    };
  }

  /** A route's Lambda authorizer: its identity, its function (which must let API Gateway invoke it), its answer (cached by identity for its TTL). */
  private async authorize(config: ApiConfig, route: Route, req: IncomingMessage, url: URL, body: Buffer, at: { stage: string; method: string; path: string; params: Record<string, string> }): Promise<AuthorizerVerdict> {
    const authorizer = config.authorizers.get(route.AuthorizerId ?? '');
    const functionArn = functionOfInvocationUri(authorizer?.AuthorizerUri);
    if (authorizer?.AuthorizerType !== 'REQUEST' || !functionArn) return { allowed: false, status: 500, reason: `route ${route.RouteKey} names no Lambda REQUEST authorizer` };
    const stageVariables = config.stages.get(at.stage) ?? {};
    const headers = headersOf(req);
    const sources = authorizer.IdentitySource ?? [];
    const identity = identityValues(sources, { headers, query: url.searchParams, stageVariables, context: { stage: at.stage, httpMethod: at.method, path: at.path } });
    if (!identity) return { allowed: false, status: 401, reason: `a request without its identity sources (${sources.join(', ')})` };
    const routeArn = routeArnOf(config.region, config.account, config.apiId, at.stage, at.method, at.path);
    const ttl = sources.length > 0 ? (authorizer.AuthorizerResultTtlInSeconds ?? 0) : 0;
    const cacheKey = `${config.apiId} ${authorizer.AuthorizerId} ${routeArn} ${identity.join(',')}`;
    const cached = this.verdicts.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.verdict;
    const host = await this.deps.functions.find(functionArn);
    if (!host) return { allowed: false, status: 500, reason: `authorizer function ${nameOf(functionArn)} does not exist` };
    const sourceArn = `arn:aws:execute-api:${config.region}:${config.account}:${config.apiId}/authorizers/${authorizer.AuthorizerId}`;
    const refused = await this.deps.permissions.refusal(functionArn, sourceArn);
    if (refused) return { allowed: false, status: 500, reason: `the resource policy of ${nameOf(functionArn)} does not let apigateway.amazonaws.com invoke it from ${sourceArn} (aws_lambda_permission): ${refused}` };
    const context = { rawPath: at.path, routeKey: route.RouteKey!, stage: at.stage, apiId: config.apiId, accountId: config.account, pathParameters: at.params, stageVariables };
    const v1 = authorizer.AuthorizerPayloadFormatVersion === '1.0';
    const { body: _body, isBase64Encoded: _encoded, ...request } = v1 ? toEventV1(req, url, body, { ...context, resource: at.path }) : toEventV2(req, url, body, context);
    const event = v1 ? { ...request, type: 'REQUEST', methodArn: routeArn, identitySource: identity.join(','), authorizationToken: identity.join(',') } : { ...request, type: 'REQUEST', routeArn, identitySource: identity };
    const { result } = await this.deps.invoker.invoke(host, event, { source: 'api-authorizer', invokedArn: functionArn });
    const verdict = readAuthorizerAnswer(result, { simpleResponses: !v1 && authorizer.EnableSimpleResponses === true, routeArn });
    if (ttl > 0 && (verdict.allowed || verdict.status !== 500)) this.verdicts.set(cacheKey, { until: Date.now() + ttl * 1000, verdict });
    return verdict;
  }

  /** A route's JWT authorizer: the token in its identity source, signed by a key of its issuer, with the claims and scopes it asks for. */
  private async authorizeJwt(authorizer: GetAuthorizerCommandOutput, route: Route, req: IncomingMessage, url: URL, stage: string, stageVariables: Record<string, string>): Promise<JwtVerdict> {
    const { Issuer: issuer = '', Audience: audience = [] } = authorizer.JwtConfiguration ?? {};
    const sources = authorizer.IdentitySource?.length ? authorizer.IdentitySource : ['$request.header.Authorization'];
    const [value] = identityValues(sources, { headers: headersOf(req), query: url.searchParams, stageVariables, context: { stage } }) ?? [];
    if (!value) return { allowed: false, status: 401, reason: `a request without a token in ${sources.join(', ')}`, wwwAuthenticate: 'Bearer' };
    const signed = await this.jwtKeys.verify(tokenOf(value), issuer);
    if (!signed.ok) return invalidToken(signed.detail ? `${signed.description} (${signed.detail})` : signed.description);
    return checkClaims(signed.payload, { issuer, audience, routeScopes: route.AuthorizationScopes ?? [] }, Date.now() / 1000);
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse, target: { apiId: string; path: string; publicHost?: string }): Promise<void> {
    const send = (response: HttpResponse, extra: Record<string, string> = {}) => {
      res.writeHead(response.status, { ...response.headers, ...extra, 'apigw-requestid': randomId() });
      res.end(response.body);
    };
    const notFound = (): HttpResponse => ({ status: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"Not Found"}') });
    const config = await this.configOf(target.apiId);
    if (!config) return send(notFound());
    // A named stage is the path's first segment; any other path belongs to $default.
    const [first = '', ...rest] = target.path.split('/').slice(1);
    const named = first !== '$default' && config.stages.has(first);
    const stage = named ? first : '$default';
    if (!config.stages.has(stage)) return send(notFound());
    const path = named ? `/${rest.join('/')}` : target.path;
    const cors = corsHeaders(config.cors, req);
    if (cors.preflight) return send({ status: 204, headers: {}, body: Buffer.alloc(0) }, cors.headers);
    const method = req.method ?? 'GET';
    const selected = selectRoute(config.routes, method, path);
    if (!selected) return send(notFound(), cors.headers);
    const { route, params } = selected;
    const fail = (reason: string) => {
      this.deps.trace.emit({ kind: 'refused', source: `api ${config.apiId} ${route.RouteKey}`, reason });
      send(INTEGRATION_ERROR, cors.headers);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    let authorized: Extract<AuthorizerVerdict, { allowed: true }> | undefined;
    let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (route.AuthorizationType === 'CUSTOM') {
      const verdict = await this.authorize(config, route, req, url, body, { stage, method, path, params });
      if (!verdict.allowed) {
        this.deps.trace.emit({ kind: 'refused', source: `api ${config.apiId} ${route.RouteKey}`, reason: `authorizer: ${verdict.reason}` });
        return send(verdict.status === 500 ? INTEGRATION_ERROR : jsonMessage(verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Forbidden'), cors.headers);
      }
      authorized = verdict;
    } else if (route.AuthorizationType === 'JWT') {
      const authorizer = config.authorizers.get(route.AuthorizerId ?? '');
      if (authorizer?.AuthorizerType !== 'JWT' || !authorizer.JwtConfiguration?.Issuer) return fail(`route ${route.RouteKey} names no JWT authorizer with an issuer`);
      const verdict = await this.authorizeJwt(authorizer, route, req, url, stage, config.stages.get(stage) ?? {});
      if (!verdict.allowed) {
        this.deps.trace.emit({ kind: 'refused', source: `api ${config.apiId} ${route.RouteKey}`, reason: `JWT authorizer: ${verdict.reason}` });
        return send(jsonMessage(verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Forbidden'), { ...cors.headers, 'www-authenticate': verdict.wwwAuthenticate });
      }
      jwt = { claims: verdict.claims, scopes: verdict.scopes };
    } else if (route.AuthorizationType === 'AWS_IAM' && this.deps.iamEnforced) {
      const routeArn = routeArnOf(config.region, config.account, config.apiId, stage, method, path);
      const refusal = await executeApiRefusal(this.deps.endpoint, req, body, target.publicHost, routeArn, 'http');
      if (refusal) {
        this.deps.trace.emit({ kind: 'refused', source: `api ${config.apiId} ${route.RouteKey}`, reason: refusal.reason });
        return send(refusal.response, cors.headers);
      }
    } else if (route.AuthorizationType && !['NONE', 'AWS_IAM'].includes(route.AuthorizationType)) {
      return fail(`${route.AuthorizationType} authorizers are not run locally`);
    }
    const integration = config.integrations.get((route.Target ?? '').replace(/^integrations\//, ''));
    const functionArn = integration?.IntegrationType === 'AWS_PROXY' ? functionOfUri(integration.IntegrationUri) : undefined;
    if (!integration || !functionArn) return fail(`route ${route.RouteKey} has no Lambda proxy integration (only AWS_PROXY to Lambda runs locally)`);
    const host = await this.deps.functions.find(functionArn);
    if (!host) return fail(`function ${nameOf(functionArn)} does not exist`);
    const routePath = route.RouteKey === '$default' ? '$default' : route.RouteKey.split(' ')[1]!;
    const sourceArn = `arn:aws:execute-api:${config.region}:${config.account}:${config.apiId}/${stage}/${route.RouteKey === '$default' ? '$default' : `${method}${routePath}`}`;
    const refused = await this.deps.permissions.refusal(functionArn, sourceArn);
    if (refused) return fail(`the resource policy of ${nameOf(functionArn)} does not let apigateway.amazonaws.com invoke it from ${sourceArn} (aws_lambda_permission): ${refused}`);

    const rawPath = named ? `/${stage}${path}` : path;
    const context = { rawPath, routeKey: route.RouteKey, stage, apiId: config.apiId, accountId: config.account, pathParameters: params, stageVariables: config.stages.get(stage) };
    const v1 = integration.PayloadFormatVersion === '1.0';
    const event = v1 ? toEventV1(req, url, body, { ...context, resource: routePath === '$default' ? '/' : routePath }) : toEventV2(req, url, body, context);
    if (authorized) {
      // 2.0: requestContext.authorizer.lambda; 1.0: the context's keys and principalId, as REST APIs pass them.
      (event.requestContext as Record<string, unknown>)['authorizer'] = v1 ? { ...authorized.context, ...(authorized.principalId ? { principalId: authorized.principalId } : {}) } : { lambda: authorized.context };
    }
    // 2.0: requestContext.authorizer.jwt; 1.0: requestContext.authorizer's claims and scopes.
    if (jwt) (event.requestContext as Record<string, unknown>)['authorizer'] = v1 ? jwt : { jwt };
    let response: HttpResponse = INTEGRATION_ERROR;
    await this.deps.invoker.invoke(host, event, {
      source: 'api',
      invokedArn: functionArn,
      statusOf: (result) => {
        response = v1 ? toResponseV1(result) : toResponseV2(result, INTEGRATION_ERROR);
        return response.status;
      },
    });
    send(response, cors.headers);
  }
}

function randomId(): string {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}
