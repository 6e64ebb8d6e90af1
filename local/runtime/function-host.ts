// Runs a function's invocations in child processes, one per warm instance, each
// with the function's own environment, like Lambda execution environments.
// - An instance runs its init phase (loading the handler) before it takes an
//   invocation; the function's Timeout counts from the invocation, and init has
//   Lambda's own 10 s limit. The REPORT line of its first invocation carries
//   "Init Duration", as on Lambda.
// - A new host starts one instance at once (Lambda's proactive initialization),
//   so the first event after a deploy does not wait for a cold start.
// - An invocation goes to the first instance that is free: a warm one that
//   finishes, or one started for it, whichever is first.
// - An idle instance is frozen (its process stopped), as Lambda freezes an
//   environment between invocations: nothing in it runs until its next event.
// - An instance is killed at the function's Timeout ("Task timed out after N
//   seconds"), replaced after a crash, and retired after `idleMs` without work
//   (one stays warm), as Lambda retires idle environments.
// - A published version's host may keep environments prepared ahead of its
//   events (provisioned concurrency): they start at once, with
//   AWS_LAMBDA_INITIALIZATION_TYPE provisioned-concurrency, are never retired
//   for idleness and are replaced when they die; events beyond them run in
//   on-demand environments, as Lambda spills over.
// - When the function's code or configuration changes, the host is retired:
//   invocations already running finish on it, as on Lambda, and new ones go to
//   a new host.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nodeFor, SDK_NODE_MODULES, type RuntimeSupport } from './lambda-env.ts';
import type { InvokeError } from './protocol.ts';
import { RoleCredentials, type RoleCredentialsValue } from './role-credentials.ts';

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.cjs', import.meta.url));
/** bootstrap.cjs's line after an invocation's last log line (NUL first: no log line starts so). */
const LOGS_DONE = '\u0000streamlab:logs-done ';

export interface FunctionConfig {
  name: string;
  arn: string;
  handler: string;
  timeoutSec: number;
  memoryMb: number;
  environment: Record<string, string>;
  codeSha256: string;
  /** Reserved concurrency, or undefined when unreserved. */
  reservedConcurrency?: number;
  /** The version this host runs: $LATEST (the default) or a published version's number. */
  version?: string;
  /** Lambda's runtime identifier (nodejs22.x); it picks the Node binary. Default nodejs22.x. */
  runtime?: string;
  /** LoggingConfig: the format, the levels (JSON only) and the log group. Default: Text to /aws/lambda/<name>. */
  logging?: LoggingConfig;
}

export interface LoggingConfig {
  format: 'Text' | 'JSON';
  applicationLevel?: string;
  systemLevel?: string;
  group: string;
}

export function loggingOf(config: FunctionConfig): LoggingConfig {
  return config.logging ?? { format: 'Text', group: `/aws/lambda/${config.name}` };
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export type { InvokeError } from './protocol.ts';

export type InvokeResult =
  | { ok: true; payload: unknown; durationMs: number; requestId: string }
  | { ok: false; error: InvokeError; durationMs: number; requestId: string };

/** Lambda's limit on the init phase of an on-demand environment. */
export const INIT_LIMIT_MS = 10_000;

/**
 * Instances of one function in their init phase at once: one fewer than the
 * machine's cores (at least one). Lambda starts as many as a burst needs, each
 * on its own CPU; here an init is CPU-bound (loading the bundle), so more of
 * them than free cores only share the CPU and each finishes later, while a
 * warm instance serves an event in a few milliseconds. On 2 cores, one at a
 * time instead of two took the seeds' cold burst p50 from 981–1,212 ms to
 * 765–1,084 (docs/local-runtime.md). Concurrency limits are unchanged.
 */
export const MAX_STARTING = Math.max(1, availableParallelism() - 1);

interface Ready {
  initMs: number;
  /** The init phase failed: the first invocation reports it, then the instance is replaced. */
  error?: InvokeError;
}

interface Pending {
  resolve: (r: InvokeResult) => void;
  started: number;
  requestId: string;
  timer: NodeJS.Timeout;
}

export interface HostOptions {
  endpoint: string;
  region: string;
  /** The execution role's credentials, given to each new instance as Lambda does (environment variables). */
  credentials: () => Promise<RoleCredentialsValue>;
  codeDir: string;
  /** The function's layers, unpacked in order (Lambda's /opt); undefined without layers. */
  optDir?: string;
  /** Where V8 keeps the compiled code of the function's modules between instances (Node 22 and later). */
  compileCacheDir?: string;
  /** Receives every log line of the function (START/END/REPORT included). */
  log: (line: string) => void;
  logStream: string;
  /** Most instances at once; Lambda's default account limit is far higher, the lab needs few. */
  maxInstances: number;
  /** An instance idle this long is retired (one stays warm). Default: never. */
  idleMs?: number;
  /** Start one instance when the host is created (Lambda's proactive initialization). */
  prewarm?: boolean;
  /** Called with the number of instances processing events each time one starts an event (the ConcurrentExecutions metric). */
  onConcurrency?: (busy: number) => void;
}

/** Calls `onLine` for each \n-terminated line (readline would also split at the \r that joins a multi-line message). */
function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}

class Instance {
  readonly child: ChildProcess;
  /** Resolves when the init phase ends (or after INIT_LIMIT_MS: the rest of init then counts against the invocation, as Lambda's suppressed init does). */
  readonly ready: Promise<Ready>;
  pending: Pending | undefined;
  /** Invocations whose log lines are still arriving, by request id (bootstrap.cjs writes LOGS_DONE after the last). */
  private readonly logsDone = new Map<string, () => void>();

  /** Stops waiting for an invocation's log lines (its instance was killed or crashed). */
  releaseLogs(requestId: string): void {
    this.logsDone.get(requestId)?.();
  }

  /** Resolves once the invocation's last log line was read, or after `maxMs` (a killed instance writes no marker). */
  logsOf(requestId: string, maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.logsDone.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.logsDone.set(requestId, done);
    });
  }
  dead = false;
  /** Init duration, until the first invocation reports it. */
  initReport: Ready | undefined;
  idleSince = Date.now();

  constructor(
    config: FunctionConfig,
    options: HostOptions,
    node: { node: string; major: number },
    readonly credentials: RoleCredentialsValue,
    /** Prepared ahead of events (provisioned concurrency) rather than started for one. */
    public provisioned: boolean,
    onExit: (instance: Instance) => void,
  ) {
    const logging = loggingOf(config);
    const runtime = config.runtime ?? 'nodejs22.x';
    // Lambda's NODE_PATH: the layers' node_modules, then the runtime's own (the AWS SDK).
    const layerModules = options.optDir ? [`${options.optDir}/nodejs/node${node.major}/node_modules`, `${options.optDir}/nodejs/node_modules`] : [];
    const nodePath = [...layerModules, SDK_NODE_MODULES.replace(/\/$/, ''), options.codeDir];
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      ...config.environment,
      // Reserved variables that Lambda sets (and that functions may not override).
      AWS_REGION: options.region,
      AWS_DEFAULT_REGION: options.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_ENDPOINT_URL: options.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: config.name,
      AWS_LAMBDA_FUNCTION_VERSION: config.version ?? '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: logging.group,
      AWS_LAMBDA_LOG_STREAM_NAME: options.logStream,
      AWS_LAMBDA_LOG_FORMAT: logging.format,
      ...(logging.format === 'JSON' ? { AWS_LAMBDA_LOG_LEVEL: logging.applicationLevel ?? 'INFO' } : {}),
      AWS_LAMBDA_INITIALIZATION_TYPE: provisioned ? 'provisioned-concurrency' : 'on-demand',
      AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
      LAMBDA_TASK_ROOT: options.codeDir,
      NODE_PATH: nodePath.join(':'),
      _HANDLER: config.handler,
    };
    const esmPaths = [...layerModules, SDK_NODE_MODULES.replace(/\/$/, '')];
    this.child = fork(BOOTSTRAP, [JSON.stringify({ esmPaths, callbacks: node.major < 24, compileCache: options.compileCacheDir })], {
      cwd: options.codeDir,
      env,
      execPath: node.node,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // A multi-line message arrives with \r for each newline (bootstrap.cjs): one log event.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) {
        forEachLine(stream, (line) => {
          if (line.startsWith(LOGS_DONE)) this.logsDone.get(line.slice(LOGS_DONE.length))?.();
          else options.log(line.replace(/\r/g, '\n'));
        });
      }
    }
    this.ready = new Promise<Ready>((resolve) => {
      const limit = setTimeout(() => resolve({ initMs: INIT_LIMIT_MS }), INIT_LIMIT_MS);
      let settled = false;
      const done = (ready: Ready) => {
        if (settled) return; // a later exit (timeout, reaping) is not an init result
        settled = true;
        clearTimeout(limit);
        this.initReport = ready;
        resolve(ready);
      };
      this.child.on('message', (msg: { type: string; initMs?: number; error?: InvokeError }) => {
        if (msg.type === 'ready') done({ initMs: msg.initMs ?? 0, ...(msg.error ? { error: msg.error } : {}) });
      });
      this.child.on('exit', () => done({ initMs: 0, error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited during init' } }));
    });
    this.child.on('exit', () => {
      this.dead = true;
      onExit(this);
    });
    // A message to a process that just died fails with EPIPE: run() handles it; nothing else may throw.
    this.child.on('error', (error) => options.log(`runtime: an execution environment failed: ${error.message}`));
  }

  /** Whether the environment is frozen (SIGSTOP) between invocations. */
  private frozen = false;

  /**
   * Lambda freezes an environment between invocations: nothing in it runs
   * (timers, unawaited promises, the garbage collector) until it is handed
   * the next event. Here the process is stopped; SIGKILL still ends it.
   */
  freeze(): void {
    if (this.dead || this.frozen) return;
    this.frozen = this.child.kill('SIGSTOP');
  }

  /** Resumes a frozen environment before it is handed an event. */
  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.child.kill('SIGCONT');
  }

  /**
   * Stops the environment now. It counts as dead at once: its 'exit' event
   * comes later (much later on a loaded machine), and until then no
   * invocation may be handed to it.
   */
  kill(): void {
    this.dead = true;
    this.child.kill('SIGKILL');
  }
}

export class FunctionHost {
  /** Ready and free, the most recently used last. */
  private readonly idle: Instance[] = [];
  private readonly busy = new Set<Instance>();
  /** Instances in their init phase (credentials being fetched included): they count against the limit. */
  private starting = 0;
  /** Invocations waiting for a free instance, first come first served. */
  private readonly waiters: ((instance: Instance) => void)[] = [];
  /** Invocations accepted and not yet finished (waiting for an instance included). */
  private inFlight = 0;
  /** Retired (replaced or deleted): no instance stays warm here. */
  private retired = false;
  private readonly reaper: NodeJS.Timeout | undefined;
  /** The Node binary for the function's runtime, or why it cannot run here. */
  private readonly node: RuntimeSupport;
  /** Environments to keep prepared (provisioned concurrency), and how many of them are starting. */
  private provisionedTarget = 0;
  private provisionedStarting = 0;

  constructor(readonly config: FunctionConfig, private readonly options: HostOptions) {
    this.node = nodeFor(config.runtime ?? 'nodejs22.x');
    if (this.node.ok && this.node.note) options.log(`runtime: ${this.node.note}`);
    if (options.prewarm && this.node.ok) this.startInstance();
    const idleMs = options.idleMs;
    if (idleMs !== undefined) {
      this.reaper = setInterval(() => this.reap(Date.now() - idleMs), Math.min(idleMs / 2, 60_000)); // retired within 1.5 × idleMs
      this.reaper.unref();
    }
  }

  /**
   * True when the function's reserved concurrency is all in use: Lambda
   * answers a synchronous Invoke with TooManyRequestsException instead of
   * queueing it. (An unreserved function waits for one of the runtime's
   * instances, as Lambda would scale up.) Checked and claimed in one turn of
   * the event loop, so two calls cannot both take the last slot.
   */
  get atReservedConcurrency(): boolean {
    const reserved = this.config.reservedConcurrency;
    return reserved !== undefined && this.inFlight >= reserved;
  }

  /** True when every instance the function may have is taken: a new event would be throttled. */
  get saturated(): boolean {
    return this.inFlight >= this.limit;
  }

  get limit(): number {
    return Math.max(1, Math.min(Math.max(this.options.maxInstances, this.provisionedTarget), this.config.reservedConcurrency ?? Infinity));
  }

  /** The prepared environments that are ready now, idle or busy (AvailableProvisionedConcurrentExecutions). */
  get provisionedAvailable(): number {
    return [...this.idle, ...this.busy].filter((i) => i.provisioned && !i.dead).length;
  }

  /**
   * PutProvisionedConcurrencyConfig (or its deletion, with 0): environments
   * are prepared up to `count`; above it, prepared ones become ordinary
   * on-demand environments, retired when idle.
   */
  setProvisioned(count: number): void {
    if (count === this.provisionedTarget) return;
    this.provisionedTarget = count;
    let surplus = this.provisionedAvailable + this.provisionedStarting - count;
    for (const instance of [...this.idle, ...this.busy]) {
      if (surplus <= 0) break;
      if (instance.provisioned) {
        instance.provisioned = false;
        surplus -= 1;
      }
    }
    this.prepare();
  }

  /** Starts prepared environments until there are as many as configured, a few at a time (MAX_STARTING). */
  private prepare(): void {
    if (this.provisionedTarget === 0 || this.retired || !this.node.ok) return;
    while (this.provisionedAvailable + this.provisionedStarting < this.provisionedTarget && this.starting < MAX_STARTING) this.startInstance(true);
  }

  /**
   * PutFunctionConcurrency or DeleteFunctionConcurrency on a function already
   * running: the new limit holds for every invocation that has not started.
   * Busy environments above a lowered limit finish their invocation first.
   */
  setReservedConcurrency(reserved: number | undefined): void {
    if (this.config.reservedConcurrency === reserved) return;
    this.config.reservedConcurrency = reserved;
    while (this.idle.length > 0 && this.idle.length + this.busy.size > this.limit) this.idle.shift()!.kill();
    this.scale();
  }

  /** Instances alive now (idle, busy and starting): the function's environments. */
  get instances(): number {
    return this.idle.length + this.busy.size + this.starting;
  }

  /** Starts a new instance; once its init phase ends it serves the first waiter, or waits idle. */
  private startInstance(provisioned = false): void {
    this.starting += 1;
    if (provisioned) this.provisionedStarting += 1;
    void (async () => {
      let instance: Instance | undefined;
      try {
        const credentials = await this.options.credentials();
        if (!this.node.ok) throw new Error(this.node.reason);
        instance = new Instance(this.config, this.options, this.node, credentials, provisioned, (i) => this.onExit(i));
        const ready = await instance.ready;
        // A prepared environment's init is not part of an invocation: no REPORT carries it.
        if (provisioned && !ready.error) instance.initReport = undefined;
      } catch (error) {
        this.options.log(`runtime: cannot start an instance: ${(error as Error).message}`);
      } finally {
        this.starting -= 1;
        if (provisioned) this.provisionedStarting -= 1;
      }
      if (instance) {
        this.offer(instance);
        this.prepare(); // an init slot is free: prepared environments still missing start now
      } else if (this.waiters.length > 0 || provisioned) setTimeout(() => (provisioned ? this.prepare() : this.scale()), 1000); // the credentials failed: try again
    })();
  }

  /** Hands a free instance to the first waiter, or keeps it warm. */
  private offer(instance: Instance): void {
    if (this.retired && this.waiters.length === 0) {
      instance.kill();
      return;
    }
    if (instance.dead) {
      this.scale();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.take(instance);
      waiter(instance);
      this.scale(); // more waiters than instances starting: start the next
      return;
    }
    if (this.idle.length + this.busy.size >= this.limit) {
      instance.kill(); // started before the limit was lowered (setReservedConcurrency)
      return;
    }
    instance.idleSince = Date.now();
    instance.freeze();
    this.idle.push(instance);
  }

  /** Starts instances for the waiters that no starting instance will serve, within the limit. */
  private scale(): void {
    const wanted = Math.min(this.waiters.length, MAX_STARTING);
    while (this.starting < wanted && this.busy.size + this.starting < this.limit) this.startInstance();
  }

  private async acquire(): Promise<Instance> {
    for (;;) {
      const warm = this.idle.pop();
      if (!warm) break;
      if (warm.dead) continue;
      if (RoleCredentials.expiring(warm.credentials)) {
        warm.kill(); // its role credentials are about to expire: a new environment gets fresh ones
        continue;
      }
      warm.thaw();
      this.take(warm);
      return warm;
    }
    const instance = new Promise<Instance>((resolve) => this.waiters.push(resolve));
    this.scale();
    return instance;
  }

  private take(instance: Instance): void {
    this.busy.add(instance);
    this.options.onConcurrency?.(this.busy.size);
  }

  /** Retires the on-demand instances idle since before `before`; the most recently used one stays warm, and prepared ones stay. */
  private reap(before: number): void {
    for (const instance of [...this.idle]) {
      if (this.idle.length <= 1 || instance.idleSince >= before) break;
      if (instance.provisioned) continue;
      this.idle.splice(this.idle.indexOf(instance), 1);
      instance.kill();
    }
  }

  private release(instance: Instance, replace: boolean): void {
    this.busy.delete(instance);
    if (replace && !instance.dead) instance.kill();
    if (replace || instance.dead) this.scale();
    else this.offer(instance);
  }

  private onExit(instance: Instance): void {
    const pending = instance.pending;
    if (pending) {
      clearTimeout(pending.timer);
      instance.pending = undefined;
      pending.resolve({
        ok: false,
        requestId: pending.requestId,
        durationMs: Date.now() - pending.started,
        error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${pending.requestId} Error: Runtime exited` },
      });
    }
    const index = this.idle.indexOf(instance);
    if (index >= 0) this.idle.splice(index, 1);
    if (this.busy.delete(instance)) this.scale();
    if (instance.provisioned) this.prepare(); // a prepared environment died: Lambda replaces it
  }

  /**
   * Invokes the function once with `event`, synchronously from the caller's
   * point of view. `invokedArn` is the ARN the caller named (an alias's, say),
   * the handler's `context.invokedFunctionArn`; by default the host's own.
   */
  async invoke(event: unknown, invokedArn = this.config.arn): Promise<InvokeResult> {
    this.inFlight += 1;
    try {
      return await this.run(event, invokedArn);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async run(event: unknown, invokedArn: string): Promise<InvokeResult> {
    if (!this.node.ok) {
      this.options.log(`runtime: ${this.node.reason}`);
      return { ok: false, requestId: randomUUID(), durationMs: 0, error: { errorType: 'Runtime.InvalidRuntime', errorMessage: this.node.reason } };
    }
    const instance = await this.acquire();
    const init = instance.initReport;
    instance.initReport = undefined; // reported once, by the first invocation
    const requestId = randomUUID();
    const started = Date.now();
    const timeoutMs = this.config.timeoutSec * 1000;
    const version = this.config.version ?? '$LATEST';
    this.platform('INFO', `START RequestId: ${requestId} Version: ${version}`, 'platform.start', { requestId, version });

    // The handler's own lines come before END and REPORT, as on Lambda: wait for them (not for a killed instance).
    const logsWritten = instance.logsOf(requestId, 2000);
    let answered = false;
    const result = await new Promise<InvokeResult>((resolve) => {
      const timer = setTimeout(() => {
        instance.pending = undefined;
        instance.kill();
        resolve({
          ok: false,
          requestId,
          durationMs: Date.now() - started,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.config.timeoutSec.toFixed(2)} seconds` },
        });
      }, timeoutMs);
      instance.pending = { resolve, started, requestId, timer };
      const onMessage = (msg: { type: string; id?: string; ok?: boolean; payload?: unknown; error?: InvokeError }) => {
        if (msg.type === 'crash' && instance.pending) {
          clearTimeout(timer);
          instance.pending = undefined;
          instance.child.off('message', onMessage);
          resolve({ ok: false, requestId, durationMs: Date.now() - started, error: msg.error ?? { errorType: 'Runtime.ExitError', errorMessage: 'crashed' } });
          return;
        }
        if (msg.type !== 'result' || msg.id !== requestId) return;
        answered = true;
        clearTimeout(timer);
        instance.pending = undefined;
        instance.child.off('message', onMessage);
        const durationMs = Date.now() - started;
        resolve(msg.ok ? { ok: true, payload: msg.payload, durationMs, requestId } : { ok: false, error: msg.error!, durationMs, requestId });
      };
      instance.child.on('message', onMessage);
      instance.child.send({
        type: 'invoke',
        id: requestId,
        event,
        deadline: started + timeoutMs,
        context: {
          functionName: this.config.name,
          functionVersion: version,
          invokedFunctionArn: invokedArn,
          memoryLimitInMB: String(this.config.memoryMb),
          awsRequestId: requestId,
          logGroupName: loggingOf(this.config).group,
          logStreamName: this.options.logStream,
        },
      }, (error) => {
        // The environment died before it got the event (its exit may already have been handled).
        if (!error || instance.pending?.requestId !== requestId) return;
        clearTimeout(timer);
        instance.pending = undefined;
        instance.child.off('message', onMessage);
        instance.kill();
        resolve({ ok: false, requestId, durationMs: Date.now() - started, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited` } });
      });
    });
    if (answered) await logsWritten;
    else instance.releaseLogs(requestId);

    const timedOut = !result.ok && result.error.errorType === 'Sandbox.Timedout';
    if (timedOut) {
      this.options.log(`${new Date().toISOString()} ${requestId} ${result.error.errorMessage}`);
    }
    const billed = Math.max(1, Math.ceil(result.durationMs));
    this.platform('INFO', `END RequestId: ${requestId}`, 'platform.runtimeDone', { requestId, status: result.ok ? 'success' : timedOut ? 'timeout' : 'error' });
    this.platform(
      'INFO',
      `REPORT RequestId: ${requestId}\tDuration: ${result.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${this.config.memoryMb} MB${init ? `\tInit Duration: ${init.initMs.toFixed(2)} ms` : ''}`,
      'platform.report',
      {
        requestId,
        metrics: { durationMs: result.durationMs, billedDurationMs: billed, memorySizeMB: this.config.memoryMb, ...(init ? { initDurationMs: init.initMs } : {}) },
        status: result.ok ? 'success' : timedOut ? 'timeout' : 'error',
      },
    );
    this.release(instance, init?.error !== undefined);
    return result;
  }

  /**
   * A platform line (START, END, REPORT): text, or with LogFormat JSON an
   * object of Lambda's telemetry shape, dropped below the SystemLogLevel.
   */
  private platform(level: string, text: string, type: string, record: Record<string, unknown>): void {
    const logging = loggingOf(this.config);
    if (logging.format !== 'JSON') {
      this.options.log(text);
      return;
    }
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf((logging.systemLevel ?? 'INFO').toUpperCase())) return;
    this.options.log(JSON.stringify({ time: new Date().toISOString(), type, record }));
  }

  /**
   * The function's code or configuration changed, or it was deleted: idle
   * instances stop now, busy ones once their invocation ends. An invocation
   * already waiting for an instance still runs here (it arrived before the change).
   */
  retire(): void {
    this.retired = true;
    if (this.reaper) clearInterval(this.reaper);
    for (const instance of this.idle) instance.kill();
    this.idle.length = 0;
  }

  /** Stops every instance at once (the runtime shuts down). */
  close(): void {
    this.retire();
    for (const instance of this.busy) instance.kill();
  }
}
