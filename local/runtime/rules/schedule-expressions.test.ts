import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atMs, cronSchedule, parseSchedule, rateMs, ScheduleClock } from './schedule-expressions.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const nextOf = (expression: string, after: string, timezone?: string) => {
  const cron = cronSchedule(expression, timezone);
  if ('error' in cron) throw new Error(cron.error);
  return iso(cron.next(Date.parse(after)));
};

test('rate: expressions as EventBridge writes them', () => {
  assert.is(rateMs('rate(5 minutes)'), 300_000);
  assert.is(rateMs('rate(1 minute)'), 60_000);
  assert.is(rateMs('rate(2 hours)'), 7_200_000);
  assert.is(rateMs('rate(1 day)'), 86_400_000);
  assert.is(rateMs('rate(1 minutes)'), undefined, 'AWS requires the singular for 1');
  assert.is(rateMs('rate(5 minute)'), undefined, 'and the plural otherwise');
  assert.is(rateMs('rate(0 minutes)'), undefined);
});

test('cron: every 15 minutes on weekdays (eb-scheduled-rule-pattern example)', () => {
  assert.is(nextOf('cron(0/15 * ? * MON-FRI *)', '2026-12-04T10:07:00Z'), '2026-12-04T10:15:00.000Z'); // a Friday
  assert.is(nextOf('cron(0/15 * ? * MON-FRI *)', '2026-12-04T23:50:00Z'), '2026-12-07T00:00:00.000Z', 'Saturday and Sunday skipped');
});

test('cron: day-of-week numbers count from 1 = Sunday, as AWS does', () => {
  assert.is(nextOf('cron(0 12 ? * 1 *)', '2026-12-04T00:00:00Z'), '2026-12-06T12:00:00.000Z', '1 is Sunday');
  assert.is(nextOf('cron(0 12 ? * 2-6 *)', '2026-12-05T00:00:00Z'), '2026-12-07T12:00:00.000Z', '2-6 is Monday to Friday');
  assert.is(nextOf('cron(0 10 ? * 6L *)', '2026-12-01T00:00:00Z'), '2026-12-25T10:00:00.000Z', '6L: the last Friday');
  assert.is(nextOf('cron(0 10 ? * 2#1 *)', '2026-12-04T00:00:00Z'), '2026-12-07T10:00:00.000Z', '2#1: the first Monday (December 1st is a Tuesday)');
});

test('cron: L and W in day-of-month', () => {
  assert.is(nextOf('cron(0 8 L * ? *)', '2026-02-01T00:00:00Z'), '2026-02-28T08:00:00.000Z');
  assert.is(nextOf('cron(0 8 15W * ? *)', '2026-11-01T00:00:00Z'), '2026-11-16T08:00:00.000Z', 'the 15th is a Sunday: the nearest weekday is Monday the 16th');
});

test('cron: the year field limits the years', () => {
  assert.is(nextOf('cron(0 0 1 1 ? 2028)', '2026-12-04T00:00:00Z'), '2028-01-01T00:00:00.000Z');
  assert.is(nextOf('cron(0 0 1 1 ? 2020-2025)', '2026-12-04T00:00:00Z'), undefined, 'no more dates');
});

test('cron: in a time zone, across daylight saving time', () => {
  assert.is(nextOf('cron(0 9 * * ? *)', '2026-12-04T00:00:00Z', 'Europe/Berlin'), '2026-12-04T08:00:00.000Z', 'winter: UTC+1');
  assert.is(nextOf('cron(0 9 * * ? *)', '2026-07-04T00:00:00Z', 'Europe/Berlin'), '2026-07-04T07:00:00.000Z', 'summer: UTC+2');
});

test('cron: what AWS refuses is invalid here too', () => {
  for (const bad of ['cron(0 12 * * * *)', 'cron(0 12 ? * ? *)', 'cron(0 12 * *)', 'cron(0 25 * * ? *)']) {
    assert.ok('error' in cronSchedule(bad), bad);
  }
});

test('at: one time, in the schedule time zone', () => {
  assert.is(iso(atMs('at(2026-12-24T18:00:00)')), '2026-12-24T18:00:00.000Z');
  assert.is(iso(atMs('at(2026-12-24T18:00:00)', 'America/New_York')), '2026-12-24T23:00:00.000Z');
  assert.is(atMs('at(2026-12-24 18:00)'), undefined);
});

test('parseSchedule: at() is for Scheduler only', () => {
  assert.is(parseSchedule('at(2026-12-24T18:00:00)').kind, 'invalid');
  assert.is(parseSchedule('at(2026-12-24T18:00:00)', 'UTC', true).kind, 'at');
  assert.is(parseSchedule('rate(1 minute)').kind, 'rate');
  assert.is(parseSchedule('cron(0 12 * * ? *)').kind, 'cron');
  assert.is(parseSchedule('every day').kind, 'invalid');
});

test('ScheduleClock: time runs 1/scale as fast from the origin, and never in the past', () => {
  const clock = new ScheduleClock(0.01, 1_000_000);
  assert.is(clock.virtual(1_000_600), 1_060_000, '0.6 s real is a minute of schedule time');
  assert.is(clock.real(1_060_000, 1_000_000), 1_000_600);
  assert.is(clock.real(900_000, 1_000_500), 1_000_500, 'a time already passed is now');
});

test.run();
