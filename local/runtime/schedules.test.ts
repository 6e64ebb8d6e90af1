import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rateMs } from './schedules.ts';

test('rateMs: rate expressions as EventBridge writes them', () => {
  assert.is(rateMs('rate(5 minutes)'), 300_000);
  assert.is(rateMs('rate(1 minute)'), 60_000);
  assert.is(rateMs('rate(2 hours)'), 7_200_000);
  assert.is(rateMs('rate(1 day)'), 86_400_000);
});

test('rateMs: cron and malformed expressions are not run locally', () => {
  assert.is(rateMs('cron(0 12 * * ? *)'), undefined);
  assert.is(rateMs('rate(1 minutes)'), undefined, 'AWS requires the singular for 1');
  assert.is(rateMs('rate(5 minute)'), undefined, 'and the plural otherwise');
  assert.is(rateMs('rate(0 minutes)'), undefined);
});

test.run();
