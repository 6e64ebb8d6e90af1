import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concurrencyProblem } from './concurrency-quota.ts';

test('an account with the default quota (1,000) can reserve 10', () => {
  assert.is(concurrencyProblem({ quota: 1000, unreserved: 1000, current: 0, requested: 10 }), undefined);
});

test('a new account with a quota of 10 cannot reserve any, and is told what to set', () => {
  const problem = concurrencyProblem({ quota: 10, unreserved: 10, current: 0, requested: 10 });
  assert.match(problem ?? '', /can reserve 0 \(its concurrency quota is 10, and Lambda keeps 10 unreserved\)/);
  assert.match(problem ?? '', /processor_reserved_concurrency = -1/);
  assert.is(concurrencyProblem({ quota: 10, unreserved: 10, current: 0, requested: 1 }) !== undefined, true);
});

test('a quota of 110 leaves exactly 10 to reserve; what the function holds already counts', () => {
  assert.is(concurrencyProblem({ quota: 110, unreserved: 110, current: 0, requested: 10 }), undefined);
  assert.ok(concurrencyProblem({ quota: 110, unreserved: 110, current: 0, requested: 11 }));
  assert.is(concurrencyProblem({ quota: 110, unreserved: 100, current: 10, requested: 10 }), undefined);
});

test('unreserved (-1) always fits', () => {
  assert.is(concurrencyProblem({ quota: 10, unreserved: 10, current: 0, requested: -1 }), undefined);
});

test.run();
