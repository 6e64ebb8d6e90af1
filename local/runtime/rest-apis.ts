// API Gateway REST APIs (apigateway v1) with Lambda proxy integrations, served
// on the runtime's HTTP port beside HTTP APIs, as the developer guide's
// "Set up Lambda proxy integrations in API Gateway" describes them:
// - the address: http://127.0.0.1:<runtime port>/_aws/execute-api/<api-id>/<stage>/<path>
//   (or the AWS host name <api-id>.execute-api.<region>.amazonaws.com in
//   X-Forwarded-Host, with /<stage>/<path>);
// - a path whose first segment is not a stage answers 403 {"message":"Forbidden"};
//   no resource and method for it, 403 {"message":"Missing Authentication Token"};
// - resources match as routes do: a literal path part before {param} before
//   {proxy+}, a method before ANY;
// - an AWS_PROXY integration to a Lambda function gets the payload format 1.0
//   event, if its resource policy lets apigateway.amazonaws.com invoke it from
//   arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD><resource path>;
//   a refused invocation answers 500, a function error or a result without a
//   numeric statusCode 502 {"message":"Internal server error"}.
// - a method with AWS_IAM authorization needs a SigV4 signature by a caller
//   whose identity policies allow execute-api:Invoke on the method's ARN (the
//   emulator checks, sigv4-auth.ts), else 403.
// Not run: Lambda and Cognito authorizers, resource policies, API keys, other
// integration types, mapping templates.
// Resources are read as they are now, not as the stage's deployment froze them.
import { APIGatewayClient, GetResourcesCommand, GetRestApiCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nameOf } from '@streamlab/kit/arn';
import type { ApiGatewayPermissions } from './api-gateway-permissions.ts';
import { EMULATOR_CREDENTIALS, type Clients } from './clients.ts';
import { ConfigCache, notFoundAsNull } from './config-cache.ts';
import type { Functions } from './functions.ts';
import { functionOfUri, selectRoute } from './rules/api-routes.ts';
import { type HttpResponse, INTEGRATION_ERROR, jsonMessage, toEventV1, toResponseV1 } from './http-payloads.ts';
import type { Invoker } from './invoker.ts';
import { routeArnOf } from './rules/http-authorizers.ts';
import { executeApiRefusal } from './sigv4-auth.ts';
import type { Trace } from './trace.ts';

const CONFIG_CACHE_MS = 30_000;

/** What a REST API answers for a function error or a malformed proxy result. */
export const PROXY_ERROR = jsonMessage(502, 'Internal server error');

/** One resource's method as a route: "GET /items/{id}", with what it integrates. */
interface RestRoute {
  RouteKey: string;
  resourcePath: string;
  authorizationType: string;
  integrationType: string | undefined;
  uri: string | undefined;
}

interface RestConfig {
  apiId: string;
  account: string;
  stages: Map<string, Record<string, string>>;
  routes: RestRoute[];
}

export class RestApis {
  private readonly apigateway: APIGatewayClient;
  private readonly configs = new ConfigCache<RestConfig>(CONFIG_CACHE_MS);

  constructor(private readonly deps: { endpoint: string; region: string; clients: Clients; functions: Functions; invoker: Invoker; trace: Trace; permissions: ApiGatewayPermissions; iamEnforced: boolean }) {
    this.apigateway = new APIGatewayClient({ endpoint: deps.endpoint, region: deps.region, credentials: EMULATOR_CREDENTIALS });
  }

  forget(): void {
    this.configs.clear();
  }

  private configOf(apiId: string): Promise<RestConfig | null> {
    return this.configs.get(apiId, () => this.read(apiId));
  }

  private async read(apiId: string): Promise<RestConfig | null> {
    if (!(await this.apigateway.send(new GetRestApiCommand({ restApiId: apiId })).catch(notFoundAsNull))) return null;
    const [stages, resources, identity] = await Promise.all([
      this.apigateway.send(new GetStagesCommand({ restApiId: apiId })),
      this.apigateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: 500 })),
      this.deps.clients.sts.send(new GetCallerIdentityCommand({})),
    ]);
    const routes = (resources.items ?? []).flatMap((resource) =>
      Object.entries(resource.resourceMethods ?? {}).map(([method, m]) => ({
        RouteKey: `${method} ${resource.path}`,
        resourcePath: resource.path ?? '/',
        authorizationType: m.authorizationType ?? 'NONE',
        integrationType: m.methodIntegration?.type,
        uri: m.methodIntegration?.uri,
      })),
    );
    return { apiId, account: identity.Account ?? '000000000000', stages: new Map((stages.item ?? []).map((s) => [s.stageName!, s.variables ?? {}])), routes };
  }

  /** Answers the request if `target.apiId` is a REST API; false if it is not one. */
  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse, target: { apiId: string; path: string; publicHost?: string }): Promise<boolean> {
    const config = await this.configOf(target.apiId);
    if (!config) return false;
    const send = (response: HttpResponse) => {
      res.writeHead(response.status, { ...response.headers, 'x-amzn-requestid': randomUUID() });
      res.end(response.body);
    };
    const [stage = '', ...rest] = target.path.split('/').slice(1);
    if (!config.stages.has(stage)) {
      send(jsonMessage(403, 'Forbidden'));
      return true;
    }
    const path = `/${rest.join('/')}`;
    const method = req.method ?? 'GET';
    const selected = selectRoute(config.routes, method, path);
    if (!selected) {
      send(jsonMessage(403, 'Missing Authentication Token'));
      return true;
    }
    const { route, params } = selected;
    const fail = (reason: string) => {
      this.deps.trace.emit({ kind: 'refused', source: `rest api ${config.apiId} ${route.RouteKey}`, reason });
      send(INTEGRATION_ERROR);
      return true;
    };
    if (route.authorizationType === 'AWS_IAM' && this.deps.iamEnforced) {
      const methodArn = routeArnOf(this.deps.region, config.account, config.apiId, stage, method, path);
      const refusal = await executeApiRefusal(this.deps.endpoint, req, body, target.publicHost, methodArn, 'rest');
      if (refusal) {
        this.deps.trace.emit({ kind: 'refused', source: `rest api ${config.apiId} ${route.RouteKey}`, reason: refusal.reason });
        send(refusal.response);
        return true;
      }
    } else if (route.authorizationType !== 'NONE' && route.authorizationType !== 'AWS_IAM') {
      return fail(`${route.authorizationType} authorization is not run locally for REST APIs`);
    }
    const functionArn = route.integrationType === 'AWS_PROXY' ? functionOfUri(route.uri) : undefined;
    if (!functionArn) return fail(`${route.RouteKey} has no Lambda proxy integration (only AWS_PROXY to Lambda runs locally)`);
    const host = await this.deps.functions.find(functionArn);
    if (!host) return fail(`function ${nameOf(functionArn)} does not exist`);
    const sourceArn = `arn:aws:execute-api:${this.deps.region}:${config.account}:${config.apiId}/${stage}/${method}${route.resourcePath}`;
    const refused = await this.deps.permissions.refusal(functionArn, sourceArn);
    if (refused) return fail(`the resource policy of ${nameOf(functionArn)} does not let apigateway.amazonaws.com invoke it from ${sourceArn} (aws_lambda_permission): ${refused}`);

    const url = new URL(req.url ?? '/', 'http://localhost');
    const event = toEventV1(req, url, body, { rawPath: path, routeKey: route.RouteKey, stage, apiId: config.apiId, accountId: config.account, pathParameters: params, stageVariables: config.stages.get(stage), resource: route.resourcePath });
    event.requestContext.path = `/${stage}${path}`;
    let response: HttpResponse = PROXY_ERROR;
    await this.deps.invoker.invoke(host, event, {
      source: 'rest-api',
      invokedArn: functionArn,
      statusOf: (result) => {
        const answered = toResponseV1(result);
        response = answered === INTEGRATION_ERROR ? PROXY_ERROR : answered;
        return response.status;
      },
    });
    send(response);
    return true;
  }
}
