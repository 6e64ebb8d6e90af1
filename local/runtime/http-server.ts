// The runtime's HTTP endpoint on loopback: the emulator forwards synchronous
// Invoke calls (InvocationType=RequestResponse) here, e.g. `aws lambda invoke`,
// and function URLs are served here too (function-urls.ts).
import { createServer, type Server } from 'node:http';
import { forwardedUrlHost, URL_PREFIX, type FunctionUrls } from './function-urls.ts';
import type { Functions } from './functions.ts';
import type { Metrics } from './metrics.ts';
import type { Trace } from './trace.ts';

export function startHttpServer(port: number, deps: { functions: Functions; metrics: Metrics; trace: Trace; functionUrls: FunctionUrls }): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url?.startsWith(URL_PREFIX) || forwardedUrlHost(req)) return deps.functionUrls.handle(req, Buffer.concat(chunks), res);
        if (req.method !== 'POST' || req.url !== '/invoke') return reply(404, { message: 'not found' });
        const { functionName, event } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { functionName: string; event: unknown };
        const host = deps.functions.get(functionName);
        if (!host) return reply(200, { ok: false, error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionName}` } });
        if (host.atReservedConcurrency) {
          deps.metrics.count(functionName, 'Throttles');
          const reason = `TooManyRequestsException: Rate Exceeded. (reserved concurrency ${host.config.reservedConcurrency} in use)`;
          deps.trace.emit({ kind: 'throttled', function: functionName, source: 'invoke', reason }, `${functionName} ← Invoke (RequestResponse): ${reason}`);
          return reply(200, { ok: false, throttled: true });
        }
        const result = await host.invoke(event);
        deps.metrics.invocation(functionName, result.ok, result.durationMs);
        deps.trace.emit(
          { kind: 'invoke', function: functionName, source: 'invoke', durationMs: result.durationMs, result: result.ok ? 'success' : 'failed', requestId: result.requestId, ...(result.ok ? {} : { error: `${result.error.errorType}: ${result.error.errorMessage}` }) },
          `${functionName} ← Invoke (RequestResponse), ${result.durationMs} ms: ${result.ok ? 'success' : `failed (${result.error.errorType})`}`,
        );
        reply(200, result.ok ? { ok: true, payload: result.payload } : { ok: false, error: result.error });
      })().catch((error: Error) => {
        res.writeHead(500);
        res.end(JSON.stringify({ ok: false, error: { errorType: 'ServiceException', errorMessage: error.message } }));
      });
    });
  });
  server.listen(port, '127.0.0.1');
  return server;
}
