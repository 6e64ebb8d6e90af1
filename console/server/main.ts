// The lab console's server: the web app's files and a small JSON API over the
// lab's AWS resources (console/server/*.ts), for one instance. `make up` starts
// it on the emulator's port + 3; `make console TARGET=aws` runs it read-only
// against your account with your credentials.
//   STREAMLAB_CONSOLE_PORT  port (default 4569)
//   STREAMLAB_INSTANCE      instance folder under .streamlab (default: the target's name)
//   STREAMLAB_TARGET        local (default) or aws; aws is read-only
//   STREAMLAB_CONSOLE_WEB   folder of the built web app (default: web/ beside this file)
import { intEnv } from '@streamlab/kit/env';
import { portsOf } from '../../local/runtime/protocol.ts';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { BadRequest, SetupError } from '@streamlab/kit/errors';
import { Context } from './context.ts';
import { confirm, mails } from './mailbox.ts';
import { charts, DepthSampler } from './metrics.ts';
import { pipelines } from './pipelines.ts';
import * as resources from './resources.ts';
import { ID_PATTERN, timeline } from './timeline.ts';

const port = intEnv('STREAMLAB_CONSOLE_PORT', portsOf(4566).console);
const targetName = process.env['STREAMLAB_TARGET'] === 'aws' ? 'aws' : 'local';
const web = process.env['STREAMLAB_CONSOLE_WEB'] ?? join(import.meta.dirname, 'web');
const ctx = new Context(targetName, targetName === 'aws');
const sampler = new DepthSampler(ctx);

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.svg': 'image/svg+xml' };

type Handler = (q: URLSearchParams, body: Record<string, unknown>) => Promise<unknown> | unknown;
const minutes = (q: URLSearchParams) => Math.min(Math.max(Number(q.get('minutes') ?? 15) || 15, 1), 180);

const routes: Record<string, Handler> = {
  'GET /api/about': () => ({ target: ctx.targetName, instance: ctx.instance, readOnly: ctx.readOnly, deployment: deployed() }),
  'GET /api/pipelines': (q) => pipelines(ctx, minutes(q)),
  'GET /api/timeline': (q) => {
    const id = q.get('id')?.trim() ?? '';
    if (!ID_PATTERN.test(id)) throw new BadRequest('give a message_id, orderId or sequence number (letters, digits, . _ : @ + -)');
    return timeline(ctx, id, minutes(q));
  },
  'GET /api/tables': () => resources.tables(ctx),
  'GET /api/items': (q) => resources.items(ctx, q.get('table'), q.get('filter')),
  'POST /api/items/put': (_, b) => resources.putItem(ctx, b),
  'POST /api/items/delete': (_, b) => resources.deleteItem(ctx, b),
  'GET /api/queues': () => resources.queues(ctx),
  'GET /api/queues/peek': (q) => resources.peekQueue(ctx, q.get('url')),
  'POST /api/queues/redrive': (_, b) => resources.redrive(ctx, b),
  'GET /api/topics': () => resources.topics(ctx),
  'POST /api/topics/publish': (_, b) => resources.publish(ctx, b),
  'GET /api/functions': () => resources.functions(ctx),
  'GET /api/logs': (q) => resources.logTail(ctx, q.get('function'), Date.now() - minutes(q) * 60_000),
  'GET /api/alarms': () => resources.alarms(ctx),
  'GET /api/schedules': () => resources.schedules(ctx),
  'GET /api/metrics': (q) => charts(ctx, sampler, minutes(q)),
  'GET /api/mail': () => mails(ctx),
  'POST /api/confirm': (_, b) => confirm(ctx, b),
};

function deployed(): { ok: true } | { ok: false; hint: string } {
  try {
    ctx.deployment();
    return { ok: true };
  } catch (error) {
    if (error instanceof SetupError) return { ok: false, hint: error.message };
    throw error;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 300_000) throw new BadRequest('request body too large');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new BadRequest('the request body is not JSON');
  }
}

function serveFile(res: ServerResponse, path: string): void {
  // Every page of the single-page app (/, /confirmation.html, ...) is index.html.
  const file = normalize(join(web, path === '/' || !extname(path) || path === '/confirmation.html' ? 'index.html' : path));
  if (!file.startsWith(web)) {
    send(res, 404, { error: 'not found' });
    return;
  }
  try {
    const data = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  } catch {
    send(res, 404, { error: 'not found' });
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://console');
  const route = routes[`${req.method} ${url.pathname}`];
  if (!route) {
    if (url.pathname.startsWith('/api/')) return send(res, 404, { error: `no such API: ${req.method} ${url.pathname}` });
    return serveFile(res, url.pathname);
  }
  // Browsers send a cross-site form or fetch with an Origin: only this page may act.
  const origin = req.headers.origin;
  if (req.method === 'POST' && origin && origin !== `http://${req.headers.host}`) return send(res, 403, { error: 'cross-origin requests are refused' });
  void (async () => {
    try {
      const body = req.method === 'POST' ? await readBody(req) : {};
      send(res, 200, await route(url.searchParams, body));
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      if (e instanceof SetupError) return send(res, 409, { error: e.message, setup: true });
      if (e instanceof BadRequest) return send(res, 400, { error: e.message });
      const status = e.$metadata?.httpStatusCode;
      send(res, status && status < 500 ? 400 : 502, { error: `${e.name}: ${e.message}` });
    }
  })();
});

server.listen(port, '127.0.0.1', () => console.log(`streamlab console: http://127.0.0.1:${port}/ (${ctx.targetName}, instance ${ctx.instance}${ctx.readOnly ? ', read-only' : ''})`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
