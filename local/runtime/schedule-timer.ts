// One timer for every schedule the runtime fires (EventBridge rules and
// EventBridge Scheduler): it sleeps until the schedule due first, so an idle
// lab wakes only when one fires. The expressions' rules are in
// rules/schedule-expressions.ts; this file only keeps the times.
import { type ParsedSchedule, ScheduleClock } from './rules/schedule-expressions.ts';

export interface TimedSchedule {
  /** What the schedule is (its expression, time zone, target…): a change restarts its timing. */
  signature: string;
  parsed: Exclude<ParsedSchedule, { kind: 'invalid' }>;
  /** Called when due, with the schedule's own time (ms) it was due at. */
  fire(scheduledMs: number): Promise<void>;
}

interface Timing extends TimedSchedule {
  nextAt: number | undefined;
  scheduledMs: number;
}

/** Rate periods are at least this long in real time, whatever the time scale. */
const MIN_PERIOD_MS = 100;

export class ScheduleTimer {
  private readonly entries = new Map<string, Timing>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly clock: ScheduleClock;

  constructor(
    private readonly timeScale: number,
    private readonly onError: (key: string, error: Error) => void,
  ) {
    this.clock = new ScheduleClock(timeScale);
  }

  /** Starts timing a schedule, or keeps its timing if it has not changed. Returns whether it is new. */
  set(key: string, schedule: TimedSchedule): boolean {
    const known = this.entries.get(key);
    if (known?.signature === schedule.signature) return false;
    const now = Date.now();
    const entry: Timing = { ...schedule, nextAt: undefined, scheduledMs: 0 };
    this.plan(entry, now, true);
    this.entries.set(key, entry);
    return true;
  }

  /** Stops timing every schedule whose key starts with `prefix` and is not in `keys`. */
  retain(keys: Set<string>, prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix) && !keys.has(key)) this.entries.delete(key);
    this.arm();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** When the schedule fires next (real ms), if it does. */
  nextAt(key: string): number | undefined {
    return this.entries.get(key)?.nextAt;
  }

  private plan(entry: Timing, now: number, first: boolean): void {
    const { parsed } = entry;
    if (parsed.kind === 'rate') {
      // Like AWS, a rate schedule's first run comes one period after it is created.
      const period = Math.max(MIN_PERIOD_MS, parsed.periodMs * this.timeScale);
      entry.nextAt = now + period;
      entry.scheduledMs = this.clock.virtual(entry.nextAt);
    } else if (parsed.kind === 'cron') {
      const next = parsed.next(this.clock.virtual(now));
      entry.nextAt = next === undefined ? undefined : this.clock.real(next, now);
      entry.scheduledMs = next ?? 0;
    } else {
      entry.nextAt = first ? this.clock.real(parsed.atMs, now) : undefined; // once
      entry.scheduledMs = parsed.atMs;
    }
  }

  arm(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const times = [...this.entries.values()].map((e) => e.nextAt).filter((t): t is number => t !== undefined);
    if (times.length === 0) return;
    this.timer = setTimeout(() => void this.fireDue().finally(() => this.arm()), Math.max(0, Math.min(...times) - Date.now()));
  }

  private async fireDue(): Promise<void> {
    const now = Date.now();
    // Every due schedule is planned ahead before the first one fires: while a
    // target call is awaited, a discovery may re-arm the timer, and a schedule
    // still marked due would then fire twice (a one-time one included).
    const due: [string, Timing, number][] = [];
    for (const [key, entry] of this.entries) {
      if (entry.nextAt === undefined || entry.nextAt > now) continue;
      due.push([key, entry, entry.scheduledMs]);
      this.plan(entry, now, false);
    }
    for (const [key, entry, scheduledMs] of due) {
      if (this.entries.get(key) !== entry) continue; // deleted or changed meanwhile
      await entry.fire(scheduledMs).catch((error: Error) => this.onError(key, error));
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
