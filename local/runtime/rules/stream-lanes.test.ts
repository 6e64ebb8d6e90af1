import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { laneOf, lanesOf, parallelizationFactorOf } from './stream-lanes.ts';

interface Rec {
  seq: number;
  keys: Record<string, unknown>;
}

const rec = (seq: number, id: string, sort?: string): Rec => ({ seq, keys: sort === undefined ? { id: { S: id } } : { id: { S: id }, at: { N: sort } } });

test('the factor is 1 by default and kept within 1 to 10', () => {
  assert.equal([undefined, 0, 1, 4, 10, 11, 2.7].map(parallelizationFactorOf), [1, 1, 1, 4, 10, 10, 2]);
});

test('with a factor of 1, one lane: the records in order, cut into batches', () => {
  const records = [1, 2, 3, 4, 5].map((n) => rec(n, `m${n}`));
  assert.equal(
    lanesOf(records, 1, 2, (r) => r.keys).map((lane) => lane.map((b) => b.map((r) => r.seq))),
    [[[1, 2], [3, 4], [5]]],
  );
});

test("an item's records stay in one lane, in stream order; the lanes cover every record once", () => {
  const records: Rec[] = [];
  for (let n = 0; n < 300; n += 1) records.push(rec(n, `item-${n % 37}`, n % 3 === 0 ? String(n % 2) : undefined));
  const lanes = lanesOf(records, 4, 10, (r) => r.keys);
  assert.ok(lanes.length > 1 && lanes.length <= 4, `${lanes.length} lanes`);
  const seen = lanes.flatMap((lane) => lane.flat().map((r) => r.seq)).sort((a, b) => a - b);
  assert.equal(seen, records.map((r) => r.seq));
  const laneOfItem = new Map<string, number>();
  lanes.forEach((lane, i) => {
    const flat = lane.flat();
    assert.ok(lane.every((batch) => batch.length >= 1 && batch.length <= 10));
    assert.equal(flat.map((r) => r.seq), [...flat.map((r) => r.seq)].sort((a, b) => a - b), 'in stream order');
    for (const r of flat) {
      const item = JSON.stringify(r.keys);
      assert.is(laneOfItem.get(item) ?? i, i, `${item} in two lanes`);
      laneOfItem.set(item, i);
    }
  });
});

test("a lane depends on the item's key only, not on the order of its attributes", () => {
  assert.is(laneOf({ id: { S: 'a' }, at: { N: '1' } }, 7), laneOf({ at: { N: '1' }, id: { S: 'a' } }, 7));
  const spread = new Set(Array.from({ length: 200 }, (_, n) => laneOf({ id: { S: `m-${n}` } }, 10)));
  assert.is(spread.size, 10, 'two hundred items reach every lane');
  assert.is(laneOf({ id: { S: 'a' } }, 1), 0);
});

test.run();
