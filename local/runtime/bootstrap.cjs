// Runs inside each function's own child process, like Lambda's Node.js runtime
// interface client: loads the handler at start (the init phase, which Lambda
// times apart from the invocation), says 'ready', then serves invocations sent
// by the parent (function-host.ts) over IPC.
'use strict';
const { pathToFileURL } = require('node:url');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSpec = process.env._HANDLER;
let handlerPromise;

async function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const modulePath = handlerSpec.slice(0, dot);
  const exportName = handlerSpec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => join(taskRoot, modulePath + ext)).find(existsSync);
  if (!file) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  const mod = await import(pathToFileURL(file).href);
  const fn = mod[exportName] ?? mod.default?.[exportName];
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${handlerSpec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return fn;
}

function serializeError(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return { errorType: e.name || 'Error', errorMessage: e.message, stackTrace: (e.stack || '').split('\n').slice(1).map((l) => l.trim()) };
}

process.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  const deadline = msg.deadline;
  const context = {
    ...msg.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const handler = await handlerPromise;
    const payload = await handler(msg.event, context);
    process.send({ type: 'result', id: msg.id, ok: true, payload: payload === undefined ? null : payload });
  } catch (error) {
    process.send({ type: 'result', id: msg.id, ok: false, error: serializeError(error) });
  }
});

// Lambda ends the environment on a crash outside the handler's promise.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    console.error(`${event}:`, error);
    process.send({ type: 'crash', error: serializeError(error) }, () => process.exit(129));
  });
}
// The init phase: a failed init is reported to the first invocation, as Lambda
// does, and the host then replaces this environment.
const initStarted = Date.now();
handlerPromise = loadHandler();
handlerPromise.then(
  () => process.send({ type: 'ready', initMs: Date.now() - initStarted }),
  (error) => process.send({ type: 'ready', initMs: Date.now() - initStarted, error: serializeError(error) }),
);
