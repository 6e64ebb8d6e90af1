// Rules from services-ddb-batchfailurereporting and services-sqs-errorhandling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readBatchResponse } from './batch-response.ts';

const ids = new Set(['100', '101', '102']);

test('null, an empty object or an empty list means full success', () => {
  for (const payload of [null, undefined, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
    assert.equal(readBatchResponse(payload, ids), { kind: 'success' });
  }
});

test('known identifiers are a partial failure', () => {
  assert.equal(readBatchResponse({ batchItemFailures: [{ itemIdentifier: '102' }, { itemIdentifier: '101' }] }, ids), { kind: 'partial', failed: ['102', '101'] });
});

test('a null, empty or unknown itemIdentifier fails the whole batch', () => {
  for (const id of [null, '', '999', 7]) {
    assert.is(readBatchResponse({ batchItemFailures: [{ itemIdentifier: id }] }, ids).kind, 'failed');
  }
});

test('a malformed response fails the whole batch', () => {
  assert.is(readBatchResponse('ok', ids).kind, 'failed');
  assert.is(readBatchResponse({ batchItemFailures: 'all' }, ids).kind, 'failed');
  assert.is(readBatchResponse({ batchItemFailures: [null] }, ids).kind, 'failed');
});

test.run();
