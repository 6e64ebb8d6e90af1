import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventWindow, readWindowResponse, runsByWindow, stateTooLarge, windowOf } from './tumbling-windows.ts';

test('windows are aligned to the epoch', () => {
  assert.equal(windowOf(125, 60), { start: 120, end: 180 });
  assert.equal(windowOf(120, 60), { start: 120, end: 180 });
  assert.equal(windowOf(179, 60), { start: 120, end: 180 });
  assert.equal(eventWindow({ start: 1_607_497_440, end: 1_607_497_560 }), { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' });
});

test('records split into runs of one window each, in order', () => {
  const runs = runsByWindow([10, 20, 59, 60, 61, 130], (s) => s, 60);
  assert.equal(runs.map((r) => [r.window.start, r.records]), [[0, [10, 20, 59]], [60, [60, 61]], [120, [130]]]);
});

test('a response without a state object is a failed invocation', () => {
  const ids = new Set(['1']);
  for (const payload of [null, {}, { state: null }, { state: [] }, { state: 'x' }, { batchItemFailures: [] }]) {
    assert.is(readWindowResponse(payload, ids, true).verdict.kind, 'failed', JSON.stringify(payload));
  }
  assert.equal(readWindowResponse({ state: { n: 1 } }, ids, false), { verdict: { kind: 'success' }, state: { n: 1 } });
});

test('with ReportBatchItemFailures, the failures are read beside the state', () => {
  const read = readWindowResponse({ state: { n: 1 }, batchItemFailures: [{ itemIdentifier: '2' }] }, new Set(['1', '2']), true);
  assert.equal(read.verdict, { kind: 'partial', failed: ['2'] });
  assert.equal(read.state, { n: 1 });
});

test('a state over 1 MB ends the window early', () => {
  assert.is(stateTooLarge({ s: 'x'.repeat(1024 * 1024) }), true);
  assert.is(stateTooLarge({ s: 'x'.repeat(1000) }), false);
});

test.run();
