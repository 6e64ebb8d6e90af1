// The runtime's HTTP endpoint on loopback: the emulator forwards synchronous
// Invoke calls (InvocationType=RequestResponse) here, e.g. `aws lambda invoke`,
// and function URLs (function-urls.ts), HTTP APIs (http-apis.ts) and REST APIs
// (rest-apis.ts) are served here too.
import { createServer, type Server } from 'node:http';
import { isArn } from '@streamlab/kit/arn';
import { forwardedUrlHost, URL_PREFIX, type FunctionUrls } from './function-urls.ts';
import { apiRequestOf, type HttpApis } from './http-apis.ts';
import type { Functions } from './functions.ts';
import type { Invoker } from './invoker.ts';
import type { RestApis } from './rest-apis.ts';
import { INVOKE_PATH, PROVISIONED_PATH, type InvokeReply, type InvokeRequest, type ProvisionedAvailable, RUNTIME_READY_PATH } from './protocol.ts';

export function startHttpServer(port: number, deps: { functions: Functions; invoker: Invoker; functionUrls: FunctionUrls; httpApis: HttpApis; restApis: RestApis; ready: () => boolean }): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const answer = (body: InvokeReply) => reply(200, body);
        if (req.url === RUNTIME_READY_PATH) return deps.ready() ? reply(200, { ready: true }) : reply(503, { ready: false });
        if (req.url?.startsWith(`${PROVISIONED_PATH}?`)) {
          const functionArn = new URL(req.url, 'http://runtime').searchParams.get('function') ?? '';
          return reply(200, { available: deps.functions.provisionedAvailable(functionArn) } satisfies ProvisionedAvailable);
        }
        if (req.url?.startsWith(URL_PREFIX) || forwardedUrlHost(req)) return deps.functionUrls.handle(req, Buffer.concat(chunks), res);
        const api = apiRequestOf(req);
        if (api) {
          // An HTTP API, else a REST API; neither is the HTTP API's 404.
          if (!(await deps.httpApis.serves(api.apiId)) && (await deps.restApis.handle(req, Buffer.concat(chunks), res, api))) return;
          return deps.httpApis.handle(req, Buffer.concat(chunks), res, api);
        }
        if (req.method !== 'POST' || req.url !== INVOKE_PATH) return reply(404, { message: 'not found' });
        const { functionName, event } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as InvokeRequest;
        const host = await deps.functions.find(functionName);
        if (!host) return answer({ ok: false, error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionName}` } });
        if (host.atReservedConcurrency) {
          deps.invoker.throttled(host.config.name, 'invoke', `TooManyRequestsException: Rate Exceeded. (reserved concurrency ${host.config.reservedConcurrency} in use)`);
          return answer({ ok: false, throttled: true });
        }
        const { result } = await deps.invoker.invoke(host, event, { source: 'invoke', ...(isArn(functionName) ? { invokedArn: functionName } : {}) });
        answer(result.ok ? { ok: true, payload: result.payload } : { ok: false, error: result.error });
      })().catch((error: Error) => {
        res.writeHead(500);
        res.end(JSON.stringify({ ok: false, error: { errorType: 'ServiceException', errorMessage: error.message } }));
      });
    });
  });
  server.listen(port, '127.0.0.1');
  return server;
}
