import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { medianOf, percentile, summarize } from './stats.ts';

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.is(percentile(values, 50), 50);
  assert.is(percentile(values, 95), 95);
  assert.is(percentile(values, 99), 99);
  assert.equal(summarize([3, 1, 2]), { n: 3, p50: 2, p95: 3, p99: 3, max: 3 });
});

test('median and spread of repeated runs', () => {
  assert.equal(medianOf([5, 1, 3]), { median: 3, min: 1, max: 5 });
  assert.equal(medianOf([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
});

test.run();
