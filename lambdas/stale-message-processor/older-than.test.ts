import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { olderThanSeconds } from './older-than.ts';

const scheduled = { version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-22T10:00:00Z', detail: {} };

test('a scheduled event, {} or null uses the default', () => {
  assert.is(olderThanSeconds(scheduled, 300), 300);
  assert.is(olderThanSeconds({}, 300), 300);
  assert.is(olderThanSeconds(null, 300), 300);
});

test('a hand run may override the age, 0 included', () => {
  assert.is(olderThanSeconds({ older_than_seconds: 60 }, 300), 60);
  assert.is(olderThanSeconds({ older_than_seconds: 0 }, 300), 0);
});

test('an override that is not a non-negative integer throws', () => {
  for (const older_than_seconds of [-1, 1.5, '60', null]) {
    assert.throws(() => olderThanSeconds({ older_than_seconds }, 300), /older_than_seconds must be a non-negative integer/);
  }
});

test.run();
