// The discovery loop: re-reads what the runtime runs (functions, schedules,
// event source mappings, in that order: a mapping's poller needs its function)
// when the emulator nudges a change, and every `intervalMs` as a safety net.
export interface Discoverable {
  refresh(): Promise<unknown>;
}

export class Discovery {
  private stopped = false;
  /** A config nudge arrived: read again as soon as the current read ends. */
  private changed = false;
  private wakeNow: (() => void) | undefined;

  constructor(
    private readonly parts: Discoverable[],
    private readonly options: { endpoint: string; intervalMs: number; retryMs: number },
  ) {}

  /** The emulator nudged a change: read everything again now. */
  now(): void {
    this.changed = true;
    this.wakeNow?.();
  }

  stop(): void {
    this.stopped = true;
    this.wakeNow?.();
  }

  async run(): Promise<void> {
    let reported = false;
    while (!this.stopped) {
      this.changed = false;
      try {
        for (const part of this.parts) await part.refresh();
        reported = false;
      } catch (error) {
        if (!reported) console.error(`runtime: cannot reach the emulator at ${this.options.endpoint} (${(error as Error).message}); retrying`);
        reported = true;
      }
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
