import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from './read-pages.ts';

/** Rows 0..n-1, counting how many were pulled. */
function rows(n: number): { items: AsyncGenerator<Record<string, unknown>>; pulled: () => number } {
  let pulled = 0;
  async function* items() {
    for (let i = 0; i < n; i += 1) {
      pulled += 1;
      yield { i };
    }
  }
  return { items: items(), pulled: () => pulled };
}

test('every row when no bound is given', async () => {
  assert.equal((await collect(rows(5).items)).map((r) => r['i']), [0, 1, 2, 3, 4]);
});

test('a bounded read stops pulling at the bound', async () => {
  const source = rows(1000);
  assert.is((await collect(source.items, 3)).length, 3);
  assert.is(source.pulled(), 3);
});

test('a bound of zero reads nothing', async () => {
  const source = rows(10);
  assert.equal(await collect(source.items, 0), []);
  assert.is(source.pulled(), 0);
});

test.run();
