// When is an ingest path (lab 3's topic or queue) safe to delete? When nothing
// publishes to it any more, nothing waits in it, and its DLQ is empty. The
// waiting logic is here, with the AWS calls passed in, so it is unit-tested;
// drain-ingest-path.ts (run by Terraform) and scripts/migrate.ts use it.

export interface Publisher {
  name: string;
  /** Whether the function's current configuration publishes to this path. */
  targetsPath: boolean;
  /** When the configuration last changed (ms since epoch). */
  lastModifiedMs: number;
  timeoutSeconds: number;
}

export interface PathProbe {
  /** What the path is, for messages: "the ingest queue streamlab-local-…". */
  label: string;
  /** The functions that publish to ingest paths; a deleted function is left out. */
  publishers(): Promise<Publisher[]>;
  /** Messages still in the path: visible + in flight + delayed (a topic holds none). */
  backlog(): Promise<number>;
  /** Messages in the path's DLQ, which is deleted with it. */
  deadLetters(): Promise<number>;
  /** How to empty the DLQ without losing its messages. */
  redriveHint: string;
}

export interface DrainOptions {
  timeoutMs: number;
  pollMs: number;
  /** Consecutive empty reads needed: SQS's counts are approximate. */
  emptyReads: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

export type DrainResult = { ok: true; waitedMs: number } | { ok: false; problem: string };

export async function drainPath(probe: PathProbe, options: DrainOptions): Promise<DrainResult> {
  const started = options.now();
  const publishers = await probe.publishers();
  const still = publishers.filter((p) => p.targetsPath).map((p) => p.name);
  if (still.length > 0) {
    return { ok: false, problem: `${still.join(' and ')} still publish(es) to ${probe.label}: switch delivery_mode away from it first` };
  }
  // An invocation that started before the switch runs with the old
  // configuration until it ends, at the latest at its timeout: wait that out.
  const settledAt = Math.max(0, ...publishers.map((p) => p.lastModifiedMs + p.timeoutSeconds * 1000));
  if (settledAt > options.now()) {
    options.log(`waiting ${Math.ceil((settledAt - options.now()) / 1000)} s for invocations that began before the switch to end`);
    await options.sleep(settledAt - options.now());
  }
  let empty = 0;
  let last = -1;
  for (;;) {
    const backlog = await probe.backlog();
    if (backlog === 0) empty += 1;
    else empty = 0;
    if (empty >= options.emptyReads) break;
    if (backlog !== last && backlog > 0) options.log(`${backlog} message(s) still in ${probe.label}`);
    last = backlog;
    if (options.now() - started > options.timeoutMs) {
      return { ok: false, problem: `${backlog} message(s) still in ${probe.label} after ${Math.round(options.timeoutMs / 1000)} s: is the processor consuming it? (make trace)` };
    }
    await options.sleep(options.pollMs);
  }
  const dead = await probe.deadLetters();
  if (dead > 0) {
    return { ok: false, problem: `${dead} message(s) in the DLQ of ${probe.label} would be deleted with it: ${probe.redriveHint}` };
  }
  return { ok: true, waitedMs: options.now() - started };
}
