// The SQS rules, from services-sqs-errorhandling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { messagesToDelete } from './sqs-batches.ts';

const ids = ['m1', 'm2', 'm3'];

test('services-sqs-errorhandling: a successful batch is deleted whole', () => {
  assert.equal(messagesToDelete({ kind: 'success' }, ids), ids);
});

test('services-sqs-errorhandling: a function error deletes nothing; every message returns after the visibility timeout', () => {
  assert.equal(messagesToDelete({ kind: 'failed', reason: 'Error: boom' }, ids), []);
});

test('services-sqs-errorhandling: with ReportBatchItemFailures only the reported messages stay', () => {
  assert.equal(messagesToDelete({ kind: 'partial', failed: ['m2'] }, ids), ['m1', 'm3']);
  assert.equal(messagesToDelete({ kind: 'partial', failed: ['m1', 'm2', 'm3'] }, ids), []);
});

test.run();
