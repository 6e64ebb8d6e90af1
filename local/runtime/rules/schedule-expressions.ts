// Schedule expressions as EventBridge rules and EventBridge Scheduler read
// them (eb-scheduled-rule-pattern, scheduler schedule-types): when a schedule
// fires next. Pure: the callers own the timers.
//
// - rate(value unit): every period; the first run one period after the schedule is first seen.
// - cron(minutes hours day-of-month month day-of-week year): AWS's six fields,
//   day-of-week 1-7 = SUN-SAT (standard cron counts 0-6), `?`, L, W and #,
//   in UTC for rules and in ScheduleExpressionTimezone for Scheduler.
// - at(yyyy-mm-ddThh:mm:ss) (Scheduler only): once, in the schedule's time zone.
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';

const UNIT_SECONDS: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 };

/** rate(5 minutes) → 300000 ms; undefined for anything else. */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value < 1 || (value === 1) !== !unit.endsWith('s')) return undefined; // AWS: "1 minute", "5 minutes"
  return value * UNIT_SECONDS[unit]! * 1000;
}

// A year field (2026, 2026-2030, 2026,2028, */2, *) as a test of one year.
function yearTest(field: string): ((year: number) => boolean) | undefined {
  const parts = field.split(',').map((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] = range === '*' ? [1970, 2199] : range!.includes('-') ? range!.split('-').map(Number) : [Number(range), stepText === undefined ? Number(range) : 2199];
    if (![from, to, step].every((n) => Number.isInteger(n)) || step < 1) return undefined;
    return (year: number) => year >= from! && year <= to! && (year - from!) % step === 0;
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return (year) => parts.some((p) => p!(year));
}

/** AWS's day-of-week numbers (1 = SUN) as standard cron's (0 = SUN); names and wildcards as they are. */
function standardDayOfWeek(field: string): string {
  return field.replace(/\d+/g, (digits, offset: number, whole: string) => (whole[offset - 1] === '#' ? digits : String(Number(digits) - 1)));
}

/** nW: the weekday nearest to day n of the month, within the month (AWS's W wildcard). */
function nearestWeekday(year: number, month: number, day: number, zone: string): number {
  const last = DateTime.fromObject({ year, month }, { zone }).daysInMonth!;
  const target = DateTime.fromObject({ year, month, day: Math.min(day, last) }, { zone });
  if (target.weekday === 6) return target.day === 1 ? 3 : target.day - 1; // Saturday: Friday, or Monday the 3rd
  if (target.weekday === 7) return target.day === last ? target.day - 2 : target.day + 1; // Sunday: Monday, or Friday
  return target.day;
}

/** The next times of an AWS cron expression, or an error saying why it is not one. */
export function cronSchedule(expression: string, timezone = 'UTC'): { next(afterMs: number): number | undefined } | { error: string } {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = match ? match[1]!.trim().split(/\s+/) : [];
  if (fields.length !== 6) return { error: `"${expression}" is not cron(minutes hours day-of-month month day-of-week year)` };
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return { error: `"${expression}": exactly one of day-of-month and day-of-week must be ?` };
  const inYear = yearTest(year);
  if (!inYear) return { error: `"${expression}": the year field is not valid` };
  const weekday = /^(\d{1,2})W$/.exec(dayOfMonth);
  const standard = ['0', minutes, hours, dayOfMonth === '?' || weekday ? '*' : dayOfMonth, month, dayOfWeek === '?' ? '*' : standardDayOfWeek(dayOfWeek)].join(' ');
  try {
    CronExpressionParser.parse(standard, { tz: timezone });
  } catch (error) {
    return { error: `"${expression}": ${(error as Error).message}` };
  }
  return {
    next(afterMs) {
      const times = CronExpressionParser.parse(standard, { currentDate: new Date(afterMs), tz: timezone });
      for (let i = 0; i < 100_000; i++) {
        let next: number;
        try {
          next = times.next().getTime();
        } catch {
          return undefined; // no more dates
        }
        const when = DateTime.fromMillis(next, { zone: timezone });
        if (weekday && when.day !== nearestWeekday(when.year, when.month, Number(weekday[1]), timezone)) continue;
        if (inYear(when.year)) return next;
        if (when.year > 2199) return undefined;
      }
      return undefined;
    },
  };
}

/** at(2026-12-04T09:30:00) in the time zone → epoch ms; undefined if it is not one. */
export function atMs(expression: string, timezone = 'UTC'): number | undefined {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression.trim());
  if (!match) return undefined;
  const when = DateTime.fromISO(match[1]!, { zone: timezone });
  return when.isValid ? when.toMillis() : undefined;
}

/**
 * The runtime's clock for schedules: with STREAMLAB_TIME_SCALE below 1 the
 * schedules' own time runs faster, from the moment the runtime started, so a
 * daily cron fires every 14.4 minutes at 0.01. At 1 it is the wall clock.
 */
export class ScheduleClock {
  constructor(
    private readonly scale: number,
    private readonly originMs: number = Date.now(),
  ) {}

  /** The schedules' time at real time `realMs`. */
  virtual(realMs: number): number {
    return this.originMs + (realMs - this.originMs) / this.scale;
  }

  /** The real time at which the schedules' time reaches `virtualMs` (now, if it has). */
  real(virtualMs: number, nowMs: number): number {
    return Math.max(nowMs, this.originMs + (virtualMs - this.originMs) * this.scale);
  }
}

export type ParsedSchedule =
  | { kind: 'rate'; periodMs: number }
  | { kind: 'cron'; next(afterMs: number): number | undefined }
  | { kind: 'at'; atMs: number }
  | { kind: 'invalid'; error: string };

/** Any schedule expression; `at` only where `allowAt` (Scheduler), as EventBridge rules refuse it. */
export function parseSchedule(expression: string, timezone = 'UTC', allowAt = false): ParsedSchedule {
  const trimmed = expression.trim();
  if (trimmed.startsWith('rate(')) {
    const periodMs = rateMs(trimmed);
    return periodMs === undefined ? { kind: 'invalid', error: `"${expression}" is not rate(value unit)` } : { kind: 'rate', periodMs };
  }
  if (trimmed.startsWith('cron(')) {
    const cron = cronSchedule(trimmed, timezone);
    return 'error' in cron ? { kind: 'invalid', error: cron.error } : { kind: 'cron', next: cron.next };
  }
  if (allowAt && trimmed.startsWith('at(')) {
    const at = atMs(trimmed, timezone);
    return at === undefined ? { kind: 'invalid', error: `"${expression}" is not at(yyyy-mm-ddThh:mm:ss)` } : { kind: 'at', atMs: at };
  }
  return { kind: 'invalid', error: `"${expression}" is not a rate(...), cron(...)${allowAt ? ' or at(...)' : ''} expression` };
}
