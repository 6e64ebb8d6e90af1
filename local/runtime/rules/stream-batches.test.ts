// The stream rules, table by table from the AWS Lambda developer guide.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { afterStreamInvoke, recordAgeExceeded } from './stream-batches.ts';

const batch = ['100', '101', '102', '103', '104'];
const failed = (reason = 'Error: boom') => ({ kind: 'failed' as const, reason });
const defaults = { maxRetries: -1, bisect: false };

test('services-dynamodb-errors: a successful batch is checkpointed after its last record', () => {
  assert.equal(afterStreamInvoke({ kind: 'success' }, batch, 0, defaults), { action: 'commit' });
  assert.equal(afterStreamInvoke({ kind: 'success' }, batch, 7, { maxRetries: 0, bisect: true }), { action: 'commit' });
});

test('services-dynamodb-errors: a function error retries the whole batch; by default until the records expire', () => {
  const table: [retries: number, maxRetries: number, expected: ReturnType<typeof afterStreamInvoke>][] = [
    [0, -1, { action: 'retry', from: 0, retries: 1 }],
    [1000, -1, { action: 'retry', from: 0, retries: 1001 }],
    [0, 2, { action: 'retry', from: 0, retries: 1 }],
    [1, 2, { action: 'retry', from: 0, retries: 2 }],
    [2, 2, { action: 'on-failure', from: 0, condition: 'RetryAttemptsExhausted', reason: 'Error: boom' }],
    [0, 0, { action: 'on-failure', from: 0, condition: 'RetryAttemptsExhausted', reason: 'Error: boom' }],
  ];
  for (const [retries, maxRetries, expected] of table) {
    assert.equal(afterStreamInvoke(failed(), batch, retries, { maxRetries, bisect: false }), expected, `retries ${retries} of ${maxRetries}`);
  }
});

test('services-ddb-params: BisectBatchOnFunctionError splits a failed batch in two, without counting a retry', () => {
  assert.equal(afterStreamInvoke(failed(), batch, 0, { maxRetries: 0, bisect: true }), { action: 'split', at: 3 });
  assert.equal(afterStreamInvoke(failed(), batch.slice(0, 4), 2, { maxRetries: 2, bisect: true }), { action: 'split', at: 2 });
  // A single record cannot be split: it is retried, then handed on.
  assert.equal(afterStreamInvoke(failed(), ['100'], 0, { maxRetries: 1, bisect: true }), { action: 'retry', from: 0, retries: 1 });
  assert.equal(afterStreamInvoke(failed(), ['100'], 1, { maxRetries: 1, bisect: true }).action, 'on-failure');
});

test('services-ddb-batchfailurereporting: a partial failure checkpoints before the lowest failed record and retries from it', () => {
  assert.equal(afterStreamInvoke({ kind: 'partial', failed: ['103', '101'] }, batch, 0, defaults), { action: 'retry', from: 1, retries: 1 });
  assert.equal(afterStreamInvoke({ kind: 'partial', failed: ['100'] }, batch, 0, defaults), { action: 'retry', from: 0, retries: 1 });
  // A reported partial failure is not bisected; it counts as a retry.
  assert.equal(afterStreamInvoke({ kind: 'partial', failed: ['104'] }, batch, 3, { maxRetries: 3, bisect: true }), {
    action: 'on-failure',
    from: 4,
    condition: 'RetryAttemptsExhausted',
    reason: 'partial batch failure',
  });
});

test('services-ddb-params: MaximumRecordAgeInSeconds (-1: no limit) sends an expired batch on without invoking', () => {
  assert.is(recordAgeExceeded(1000, 1061, 60), true);
  assert.is(recordAgeExceeded(1000, 1060, 60), false);
  assert.is(recordAgeExceeded(0, 1e9, -1), false);
});

test.run();
