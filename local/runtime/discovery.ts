// The discovery loop: re-reads what the runtime runs (functions, schedules,
// event source mappings, in that order: a mapping's poller needs its function)
// when the emulator nudges a change. Every `intervalMs`, as a safety net, it
// asks for the emulator's config generation (protocol.ts, part 7), one
// request, and re-reads everything only when that moved without a nudge: a
// lost datagram, or an emulator restarted with its state restored.
import { CONFIG_GENERATION_PATH, type ConfigGeneration } from './protocol.ts';

/** The emulator's config generation (protocol.ts, part 7). */
export async function configGeneration(endpoint: string): Promise<string> {
  const response = await fetch(new URL(CONFIG_GENERATION_PATH, endpoint));
  if (!response.ok) throw new Error(`${CONFIG_GENERATION_PATH} answered ${response.status}`);
  return ((await response.json()) as ConfigGeneration).generation;
}

export interface Discoverable {
  refresh(): Promise<unknown>;
}

export interface DiscoveryOptions {
  endpoint: string;
  intervalMs: number;
  retryMs: number;
  /** The emulator's config generation (GET CONFIG_GENERATION_PATH). */
  generation: () => Promise<string>;
  /** The safety net found a change no nudge announced: caches kept until a nudge must go too. */
  onUnannounced: () => void;
}

export class Discovery {
  private stopped = false;
  /** A config nudge arrived: read again as soon as the current read ends. */
  private changed = false;
  private wakeNow: (() => void) | undefined;
  /** The generation read before the last whole round (undefined: none completed yet). */
  private seen: string | undefined;
  /** Callers of caughtUp() waiting for a round that starts after they asked. */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly parts: Discoverable[],
    private readonly options: DiscoveryOptions,
  ) {}

  /** Whether a whole round has been read (protocol.ts, part 8: the runtime is ready). */
  get hasRead(): boolean {
    return this.seen !== undefined;
  }

  /** The emulator nudged a change: read everything again now. */
  now(): void {
    this.changed = true;
    this.wakeNow?.();
  }

  stop(): void {
    this.stopped = true;
    this.wakeNow?.();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /**
   * Resolves once the runtime runs what the emulator holds as of this call: at
   * once when the config generation has not moved since the last whole round,
   * else after the next round. A request for a function that is not known yet
   * waits here (at most `limitMs`) before it is answered "not found": the
   * runtime's first round after a start, or a function just created whose
   * nudge is still on its way, would otherwise turn away a request that AWS
   * would serve.
   */
  async caughtUp(limitMs = 10_000): Promise<void> {
    if (this.seen !== undefined) {
      const generation = await this.options.generation().catch(() => this.seen);
      if (generation === this.seen) return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.wakeNow?.(); // a round now, not at the safety net's next turn (and not as a nudge: caches kept until one go)
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async run(): Promise<void> {
    let reported = false;
    while (!this.stopped) {
      const nudged = this.changed;
      this.changed = false;
      const waiting = this.waiting.splice(0); // those who asked before this round's read
      try {
        const generation = await this.options.generation();
        if (nudged || generation !== this.seen) {
          if (!nudged && this.seen !== undefined) this.options.onUnannounced();
          for (const part of this.parts) await part.refresh();
          this.seen = generation;
        }
        for (const resolve of waiting) resolve();
        reported = false;
      } catch (error) {
        this.waiting.unshift(...waiting); // the next round answers them
        if (!reported) console.error(`runtime: cannot reach the emulator at ${this.options.endpoint} (${(error as Error).message}); retrying`);
        reported = true;
      }
      if (this.waiting.length > 0 && !reported) continue; // someone asked during this round: one more now
      await this.wait(reported ? this.options.retryMs : this.options.intervalMs);
    }
  }

  /** Waits `ms`, or less when a config nudge arrives (at once if one came during the last read). */
  private async wait(ms: number): Promise<void> {
    if (!this.changed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakeNow = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        this.wakeNow = done;
      });
    }
    // One apply changes many things in a row: let them land, then read them once.
    await new Promise((resolve) => setTimeout(resolve, this.changed ? 100 : 0));
  }
}
