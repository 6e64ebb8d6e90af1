// Function URLs, served on the runtime's HTTP port at /lambda-url/<function-name>/,
// and an alias's URL at /lambda-url/<function-name>:<alias>/ (it runs the alias's
// version, and the handler sees the alias's ARN). AWS gives each URL its own host
// name; one local port serves every URL by path instead, and Terraform's
// lab3.webhook_url output points here. The event is
// Lambda's payload format 2.0 and the response follows the function URL rules:
// a { statusCode, headers, body } result is used as is; any other result becomes
// a 200 JSON body; a function error becomes 502. AuthType NONE needs the
// resource policy's public lambda:InvokeFunctionUrl and lambda:InvokeFunction;
// AuthType AWS_IAM a SigV4 signature of a caller allowed both. The emulator,
// which holds the policies and the credentials, decides both. Both answer 403 {"Message":"Forbidden"}
// otherwise, as AWS does. A URL's Cors configuration answers preflight
// requests and adds the CORS headers to responses.
//
// The AWS target (`make rehearse`) gets the URL AWS would hand out,
// https://<url-id>.lambda-url.<region>.on.aws/, which resolves nowhere offline.
// The rehearsal's scripts send such a request here with the URL's host name in
// X-Forwarded-Host (packages/labs/src/function-url.ts); the runtime finds the function
// or alias whose URL has that host and serves it at its own paths, as AWS does.
import { GetFunctionUrlConfigCommand, ListFunctionUrlConfigsCommand } from '@aws-sdk/client-lambda';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clients } from './clients.ts';
import type { Functions } from './functions.ts';
import { corsHeaders, type Cors, FUNCTION_ERROR, toEventV2, toResponseV2, type HttpResponse } from './http-payloads.ts';
import type { Invoker } from './invoker.ts';
import { referenceOf } from './rules/function-references.ts';
import { askUrlAuth, checkSignedRequest } from './sigv4-auth.ts';
import type { Trace } from './trace.ts';

export const URL_PREFIX = '/lambda-url/';
/** The host name of a function URL on AWS. */
export const AWS_URL_HOST = /^[a-z0-9]+\.lambda-url\.[a-z0-9-]+\.on\.aws$/;

/** The function URL host a request was forwarded for, if any (the rehearsal's mapping). */
export function forwardedUrlHost(req: IncomingMessage): string | undefined {
  const host = String(req.headers['x-forwarded-host'] ?? '').toLowerCase();
  return AWS_URL_HOST.test(host) ? host : undefined;
}
const MAX_REQUEST_BYTES = 6 * 1024 * 1024; // the synchronous invocation payload limit
/** A URL's configuration and policy are re-read after a Lambda config nudge (forget()), or after this long. */
const CONFIG_CACHE_MS = 30_000;

interface Deps {
  /** With IAM off, neither the resource policy nor an AWS_IAM signature is checked. */
  iamEnforced: boolean;
  /** The emulator, which authorizes URL calls (URL_AUTH_PATH). */
  endpoint: string;
  clients: Clients;
  functions: Functions;
  invoker: Invoker;
  trace: Trace;
}

interface UrlConfig {
  authType: string | undefined;
  functionArn: string | undefined;
  cors: Cors | undefined;
  /** Why the resource policy does not let everyone call an AuthType NONE URL (the emulator's reason), or undefined when it does. */
  publicRefusal: string | undefined;
  /** The host name of the URL the emulator handed out (the AWS form). */
  urlHost: string | undefined;
}

/** The Lambda API's FunctionName and Qualifier for a URL's reference ("name" or "name:alias"). */
interface LambdaTarget {
  FunctionName: string;
  Qualifier?: string;
}

function lambdaTarget(ref: string): LambdaTarget {
  const { name, qualifier } = referenceOf(ref);
  return qualifier ? { FunctionName: name, Qualifier: qualifier } : { FunctionName: name };
}

export class FunctionUrls {
  /** One read per URL ("name" or "name:alias"), shared by the requests that arrive while it runs (a burst would send one each). */
  private readonly configs = new Map<string, { at: number; config: Promise<UrlConfig | null> }>();
  /** The URLs of each function ("name" or "name:alias" by host name), read when a request names a URL's host. */
  private readonly hosts = new Map<string, { at: number; refs: Promise<Map<string, string>> }>();

  constructor(private readonly deps: Deps) {}

  /** Drops what was read: the emulator nudged a Lambda change (a URL, its auth type or a permission). */
  forget(): void {
    this.configs.clear();
    this.hosts.clear();
  }

  /** The URL configuration of a function ("name") or of one of its aliases ("name:alias"); null when it has none. */
  private configOf(ref: string): Promise<UrlConfig | null> {
    const cached = this.configs.get(ref);
    if (cached && Date.now() - cached.at < CONFIG_CACHE_MS) return cached.config;
    const config = this.readConfig(ref);
    this.configs.set(ref, { at: Date.now(), config });
    return config;
  }

  private async readConfig(ref: string): Promise<UrlConfig | null> {
    const target = lambdaTarget(ref);
    try {
      const config = await this.deps.clients.lambda.send(new GetFunctionUrlConfigCommand(target));
      return {
        authType: config.AuthType,
        functionArn: config.FunctionArn,
        cors: config.Cors as Cors | undefined,
        publicRefusal: config.AuthType === 'NONE' ? await this.publicRefusal(config.FunctionArn) : undefined,
        urlHost: config.FunctionUrl ? new URL(config.FunctionUrl).hostname : undefined,
      };
    } catch {
      this.configs.delete(ref); // none (or unreachable): read again next time
      return null;
    }
  }

  /**
   * An AuthType NONE URL answers only if the resource policy allows everyone
   * ("*") both lambda:InvokeFunctionUrl (Terraform's aws_lambda_permission with
   * function_url_auth_type NONE) and lambda:InvokeFunction, with conditions
   * that hold for a URL call (lambda:FunctionUrlAuthType NONE,
   * lambda:InvokedViaFunctionUrl true): Lambda requires both since October
   * 2025, for every URL since November 2026. Otherwise AWS answers 403
   * Forbidden. Each statement must name what the URL invokes: an alias's URL
   * needs the alias's permissions (`--qualifier`). The emulator's policy
   * evaluator decides (local/emulator/function_url_auth.py).
   */
  private async publicRefusal(functionArn: string | undefined): Promise<string | undefined> {
    if (!this.deps.iamEnforced) return undefined;
    if (!functionArn) return 'the URL configuration names no function ARN';
    const verdict = await askUrlAuth(this.deps.endpoint, { publicFunctionArn: functionArn });
    return verdict.allowed ? undefined : (verdict.reason ?? 'not allowed');
  }

  /** The URLs of a function by host name: its own ("name") and its aliases' ("name:alias"). */
  private urlsOf(name: string): Promise<Map<string, string>> {
    const cached = this.hosts.get(name);
    if (cached && Date.now() - cached.at < CONFIG_CACHE_MS) return cached.refs;
    const refs = this.deps.clients.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: name })).then(
      ({ FunctionUrlConfigs = [] }) =>
        new Map(FunctionUrlConfigs.map((config) => {
          const { qualifier } = referenceOf(config.FunctionArn ?? name);
          return [new URL(config.FunctionUrl ?? 'https://none').hostname, qualifier ? `${name}:${qualifier}` : name] as const;
        })),
      () => new Map<string, string>(),
    );
    this.hosts.set(name, { at: Date.now(), refs });
    return refs;
  }

  /** The deployed function, or alias ("name:alias"), whose URL has this host name. */
  private async functionWithUrlHost(urlHost: string): Promise<string | undefined> {
    for (const name of this.deps.functions.names()) {
      const ref = (await this.urlsOf(name)).get(urlHost);
      if (ref) return ref;
    }
    return undefined;
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const urlHost = forwardedUrlHost(req);
    let functionName: string;
    let rest: string[];
    if (urlHost) {
      // AWS's form: the host names the function and the whole path is the function's.
      functionName = (await this.functionWithUrlHost(urlHost)) ?? '';
      if (!functionName) {
        await this.deps.functions.catchUp(); // a function not known yet (Functions.find)
        functionName = (await this.functionWithUrlHost(urlHost)) ?? '';
      }
      rest = url.pathname.split('/').slice(1);
      req.headers['host'] = urlHost;
      delete req.headers['x-forwarded-host'];
    } else {
      let named: string;
      [named = '', ...rest] = url.pathname.slice(URL_PREFIX.length).split('/');
      functionName = named.replace(/%3a/gi, ':'); // "name", or "name:alias" (a client may send the colon as %3A)
    }
    const host = await this.deps.functions.find(functionName);
    const config = host ? await this.configOf(functionName) : null;
    if (!host || config === null) return reply(404, { Message: `No function URL for ${functionName || urlHost}` });
    const cors = corsHeaders(config.cors, req);
    if (cors.preflight) {
      res.writeHead(200, cors.headers);
      return void res.end();
    }
    const refusal = await this.refusal(functionName, config, req, body, urlHost);
    if (refusal) {
      this.deps.trace.emit({ kind: 'refused', function: referenceOf(functionName).name, source: 'function-url', reason: refusal });
      return reply(403, { Message: 'Forbidden' });
    }
    if (body.length > MAX_REQUEST_BYTES) return reply(413, { Message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation` });

    // The response is worked out once, when the invoker asks for its status (the trace shows it).
    let response: HttpResponse = FUNCTION_ERROR;
    const event = toEventV2(req, url, body, { rawPath: `/${rest.join('/')}`, routeKey: '$default', stage: '$default', apiId: 'local', accountId: 'anonymous' });
    await this.deps.invoker.invoke(host, event, { source: 'function-url', ...(config.functionArn ? { invokedArn: config.functionArn } : {}), statusOf: (r) => {
        response = toResponseV2(r);
        return response.status;
      },
    });
    res.writeHead(response.status, { ...response.headers, ...cors.headers });
    res.end(response.body);
  }

  /** Why the request may not invoke the function (AWS answers 403), or undefined when it may. */
  private async refusal(functionName: string, config: UrlConfig, req: IncomingMessage, body: Buffer, urlHost: string | undefined): Promise<string | undefined> {
    if (config.authType === 'NONE') {
      return config.publicRefusal;
    }
    if (config.authType !== 'AWS_IAM') return `unknown AuthType ${config.authType}`;
    if (!this.deps.iamEnforced) return undefined;
    const verdict = await checkSignedRequest(this.deps.endpoint, req, body, urlHost, { functionArn: config.functionArn ?? functionName });
    return verdict.allowed ? undefined : `AWS_IAM: ${verdict.reason ?? 'not allowed'}${verdict.principal ? ` (${verdict.principal})` : ''}`;
  }
}

