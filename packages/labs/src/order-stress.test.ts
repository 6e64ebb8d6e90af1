import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStressSummary } from './order-stress.ts';

test('parseStressSummary reads the totals of a stress run', () => {
  const output = 'stress: 2 × 1000 orders (no kill, lab 2 alone) on instance local\n  burst 1: …\nstress: 2000 published, 1996 stored, 0 in the DLQ, 4 lost (no kill, lab 2 alone)\n';
  assert.equal(parseStressSummary('lab 2 alone', output), { config: 'lab 2 alone', published: 2000, stored: 1996, inDlq: 0, lost: 4 });
});

test('parseStressSummary: no summary line, no totals', () => {
  assert.is(parseStressSummary('lab 2 alone', 'stress-orders.ts: the emulator does not answer'), undefined);
});

test.run();
