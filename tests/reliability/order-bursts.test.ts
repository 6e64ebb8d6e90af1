// Reliability (issue 24): the reduced form of `make stress`. Bursts of 1,000
// orders through lab 2 with lab 3's webhook traffic beside them: every order
// is stored or in OrderDeadLetterQueue, and OrderQueue's hop counts show no
// message that left it by no known path. Before the fix, a DeleteMessage that
// ran while SNS delivered to the queue could drop the delivered messages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fetchHopCounts, formatHops, lab2Hops } from '@streamlab/labs/hops';
import { describeBurst, runOrderBursts } from '@streamlab/labs/order-stress';
import { clients, target } from '../lab3-e2e/harness.ts';

const BURSTS = 3;
const SIZE = 1000;

test(`${BURSTS} bursts of ${SIZE} orders with lab 3 beside: none lost, every hop adds up`, async () => {
  const results = await runOrderBursts(target, clients, { bursts: BURSTS, size: SIZE, killRuntime: false, lab3Beside: true, settleMs: 120_000, onBurst: (r) => console.log(`      ${describeBurst(r)}`) });
  const hops = await lab2Hops(target, clients, await fetchHopCounts(target));
  console.log(formatHops('      lab 2, hop by hop, since the test instance started:', hops).replaceAll('\n', '\n      '));
  assert.equal(results.map((r) => r.lost), results.map(() => 0), 'no order lost in any burst');
  assert.equal(results.map((r) => r.unaccounted), results.map(() => 0), 'OrderQueue lost no message by an unknown path');
  assert.equal(hops.filter((h) => h.gap).map((h) => `${h.hop}: ${h.gap}`), [], 'every hop of lab 2 adds up');
});

test.run();
