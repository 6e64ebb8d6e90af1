// The async rules, from invocation-async-error-handling and invocation-async-configuring.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { afterAsyncAttempt, beforeAsyncAttempt } from './async-events.ts';

const defaults = { maxRetries: 2, maxAgeSeconds: 21_600 };

test('invocation-async-error-handling: two retries by default, about 1 and then 2 minutes apart, then the DLQ', () => {
  const table: [attempts: number, expected: ReturnType<typeof afterAsyncAttempt>][] = [
    [1, { action: 'retry', retry: 1, delayMs: 60_000 }],
    [2, { action: 'retry', retry: 2, delayMs: 120_000 }],
    [3, { action: 'on-failure', condition: 'RetriesExhausted' }],
  ];
  for (const [attempts, expected] of table) assert.equal(afterAsyncAttempt(false, attempts, defaults), expected, `after attempt ${attempts}`);
});

test('invocation-async-error-handling: a success on any attempt finishes the event', () => {
  for (const attempts of [1, 2, 3]) assert.equal(afterAsyncAttempt(true, attempts, defaults), { action: 'done' });
});

test('invocation-async-configuring: MaximumRetryAttempts 0 gives up after the first failure; 1 after the second', () => {
  assert.equal(afterAsyncAttempt(false, 1, { ...defaults, maxRetries: 0 }), { action: 'on-failure', condition: 'RetriesExhausted' });
  assert.equal(afterAsyncAttempt(false, 1, { ...defaults, maxRetries: 1 }).action, 'retry');
  assert.equal(afterAsyncAttempt(false, 2, { ...defaults, maxRetries: 1 }), { action: 'on-failure', condition: 'RetriesExhausted' });
});

test('invocation-async-configuring: an event older than MaximumEventAgeInSeconds is not retried', () => {
  assert.equal(beforeAsyncAttempt(61, { ...defaults, maxAgeSeconds: 60 }), { action: 'on-failure', condition: 'EventAgeExceeded' });
  assert.is(beforeAsyncAttempt(60, { ...defaults, maxAgeSeconds: 60 }), undefined);
  assert.is(beforeAsyncAttempt(3600, defaults), undefined);
});

test('the local time scale shortens the delays (tests and demos), never the count of retries', () => {
  assert.equal(afterAsyncAttempt(false, 1, defaults, 0.01), { action: 'retry', retry: 1, delayMs: 600 });
  assert.equal(afterAsyncAttempt(false, 3, defaults, 0.01).action, 'on-failure');
});

test.run();
