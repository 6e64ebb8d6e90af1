// Runs inside each function's own child process, as Lambda's Node.js runtime
// interface client does (aws-lambda-nodejs-runtime-interface-client): patches
// the console into Lambda's log format, loads the handler at start (the init
// phase, which Lambda times apart from the invocation), says 'ready', then
// serves invocations sent by the parent (function-host.ts) over IPC.
//
// argv[2] is JSON from the host: { esmPaths, callbacks, compileCache }: the
// node_modules folders a bare ES import falls back to (layers, then the
// runtime's SDK), whether callback handlers are allowed (not on nodejs24.x),
// and where V8's compiled code of the function's modules is kept.
'use strict';
const { pathToFileURL } = require('node:url');
const { existsSync, readFileSync } = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');
const util = require('node:util');
const nodeModule = require('node:module');

const { esmPaths = [], callbacks = true, compileCache } = JSON.parse(process.argv[2] || '{}');
const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSpec = process.env._HANDLER || '';

// --- Logs, as Lambda writes them ------------------------------------------------
// Text: "<ISO time>\t<request id>\t<LEVEL>\t<message>". JSON (LoggingConfig
// LogFormat JSON): one object per line, filtered by AWS_LAMBDA_LOG_LEVEL.
// A message's newlines become \r on stdout, as the runtime interface client
// writes them, so a multi-line message stays one log event (the host turns
// them back).
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const json = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
const minLevel = json ? Math.max(0, LEVELS.indexOf((process.env.AWS_LAMBDA_LOG_LEVEL || 'INFO').toUpperCase())) : 0;
let currentRequestId;

function errorFields(error) {
  return { errorType: error.name || 'Error', errorMessage: error.message, stackTrace: (error.stack || '').split('\n') };
}

function write(level, args) {
  if (LEVELS.indexOf(level) < minLevel) return;
  let line;
  if (json) {
    const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId, message: util.format(...args) };
    if (args.length === 1 && args[0] instanceof Error) Object.assign(record, errorFields(args[0]));
    line = JSON.stringify(record);
  } else {
    line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}`;
  }
  process.stdout.write(`${line.replace(/\n/g, '\r')}\n`);
}

const CONSOLE_LEVELS = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', log: 'INFO', warn: 'WARN', error: 'ERROR' };
for (const [method, level] of Object.entries(CONSOLE_LEVELS)) console[method] = (...args) => write(level, args);
console.fatal = (...args) => write('FATAL', args);

function serializeError(error) {
  const e = error instanceof Error ? error : Object.assign(new Error(typeof error === 'string' ? error : util.inspect(error)), { name: 'Error' });
  return { errorType: e.name || 'Error', errorMessage: e.message, trace: (e.stack || '').split('\n') };
}

/** The "Invoke Error" / "Uncaught Exception" lines the runtime interface client logs. */
function logError(label, error) {
  const payload = serializeError(error);
  if (json) {
    write('ERROR', [Object.assign(new Error(payload.errorMessage), { name: payload.errorType, stack: payload.trace.join('\n') })]);
  } else {
    write('ERROR', [label, `\t${JSON.stringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, stack: payload.trace })}`]);
  }
  return payload;
}

// --- A cold start compiles the function's code once per code version ----------
// Each new execution environment would compile the same bundle again (a
// tenth of a second for 700 KB). Node 22's module compile cache keeps V8's code
// for each module file, keyed by its contents, in a folder outside the task
// root; the function sees no variable and no file of it. Node 20 lacks it.
if (compileCache && typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache(compileCache);

// --- ES modules: a bare import falls back to the layers' and the SDK's node_modules.
// Lambda resolves them for ES modules too (Node 18 and later); NODE_PATH alone
// only serves require(). In this thread where Node has registerHooks (22.15+);
// Node 20 only has register, which starts a loader thread for the hook.
if (esmPaths.length > 0) {
  const fallback = join(__dirname, 'esm-fallback.mjs');
  if (typeof nodeModule.registerHooks === 'function') {
    nodeModule.registerHooks(require(fallback).fallbackHooks(esmPaths));
  } else if (typeof nodeModule.register === 'function') {
    nodeModule.register(pathToFileURL(fallback).href, { data: { paths: esmPaths } });
  }
}

// --- The handler, found as the runtime interface client finds it ------------------
class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function hasTypeModule(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === taskRoot || dir === dirname(dir)) return false;
  }
}

async function loadModule(moduleRoot, moduleName) {
  const base = resolve(taskRoot, moduleRoot, moduleName);
  if (existsSync(base)) return require(base);
  if (!hasTypeModule(base) && existsSync(`${base}.js`)) return require(`${base}.js`);
  if (hasTypeModule(base) && existsSync(`${base}.js`)) return import(pathToFileURL(`${base}.js`).href);
  if (existsSync(`${base}.mjs`)) return import(pathToFileURL(`${base}.mjs`).href);
  if (existsSync(`${base}.cjs`)) return require(`${base}.cjs`);
  // Not a file of the task: a package, resolved from the task root (a layer's included).
  return require(require.resolve(moduleName, { paths: [resolve(taskRoot, moduleRoot), taskRoot] }));
}

async function loadHandler() {
  if (handlerSpec.includes('..')) throw new RuntimeError('Runtime.MalformedHandlerName', "'..' is not allowed in handler name");
  const handlerName = basename(handlerSpec);
  const moduleRoot = handlerSpec.slice(0, handlerSpec.length - handlerName.length);
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, path] = match;
  let mod;
  try {
    mod = await loadModule(moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  const fn = path.split('.').reduce((nested, key) => (nested == null ? undefined : nested[key]), mod);
  if (fn === undefined || fn === null) throw new RuntimeError('Runtime.HandlerNotFound', `${handlerSpec} is undefined or not exported`);
  if (typeof fn !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handlerSpec} is not a function`);
  if (!callbacks && fn.length >= 3) {
    throw new RuntimeError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda does not support callback-based function handlers when using Node.js 24 or later. Please update this function to use an async handler.',
    );
  }
  return fn;
}

// --- Invocations ------------------------------------------------------------------
/** Runs the handler: its promise, or its callback (or the legacy context.done), whichever comes first. */
function run(handler, event, context) {
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const finish = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolvePromise(result);
    };
    Object.assign(context, {
      done: finish,
      succeed: (result) => finish(null, result),
      fail: (error) => finish(error ?? new Error('handled')),
    });
    const returned = callbacks ? handler(event, context, finish) : handler(event, context);
    if (returned && typeof returned.then === 'function') returned.then((result) => finish(null, result), (error) => finish(error ?? new Error('Promise rejected')));
    else if (!callbacks) finish(null, returned);
    // A synchronous handler that takes no callback returns null once it is done (Node 20 and 22).
    else if (handler.length < 3) setImmediate(() => finish(null, null));
  });
}

let handlerPromise;
const LOGS_DONE = '\u0000streamlab:logs-done ';

process.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  const deadline = msg.deadline;
  const context = {
    ...msg.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  currentRequestId = msg.id;
  let result;
  try {
    const handler = await handlerPromise;
    const payload = await run(handler, msg.event, context);
    result = { type: 'result', id: msg.id, ok: true, payload: payload === undefined ? null : payload };
  } catch (error) {
    result = { type: 'result', id: msg.id, ok: false, error: logError('Invoke Error', error) };
  }
  // The marker says every line of this invocation is written: the host logs END
  // and REPORT after it, as Lambda does (stdout and IPC are separate channels).
  process.stdout.write(`${LOGS_DONE}${msg.id}\n`);
  process.send(result);
});

// Lambda ends the environment on a crash outside the handler's promise.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    const payload = logError('Uncaught Exception', error);
    process.send({ type: 'crash', error: payload }, () => process.exit(129));
  });
}

// The init phase: a failed init is logged and reported to the first
// invocation, as Lambda does, and the host then replaces this environment.
const initStarted = Date.now();
handlerPromise = loadHandler();
handlerPromise.then(
  () => {
    process.send({ type: 'ready', initMs: Date.now() - initStarted });
    // Node writes the cache at exit, and an environment is stopped, never exited.
    if (compileCache && typeof nodeModule.flushCompileCache === 'function') nodeModule.flushCompileCache();
  },
  (error) => process.send({ type: 'ready', initMs: Date.now() - initStarted, error: logError('Uncaught Exception', error) }),
);
