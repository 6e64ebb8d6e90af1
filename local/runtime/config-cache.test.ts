import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigCache, notFoundAsNull } from './config-cache.ts';

const failing = (name: string) => Promise.reject(Object.assign(new Error(name), { name }));

test('a read is kept until cleared; "no such API" is kept too, a failure is not', async () => {
  const cache = new ConfigCache<string>(60_000);
  let reads = 0;
  const read = (answer: () => Promise<string | null>) => () => {
    reads += 1;
    return answer();
  };
  assert.is(await cache.get('a', read(async () => 'config')), 'config');
  assert.is(await cache.get('a', read(async () => 'other')), 'config');
  assert.is(await cache.get('b', read(() => failing('NotFoundException').catch(notFoundAsNull))), null);
  assert.is(await cache.get('b', read(async () => 'never')), null);
  assert.is(await cache.get('c', read(() => failing('ThrottlingException').catch(notFoundAsNull))), null);
  assert.is(await cache.get('c', read(async () => 'found')), 'found');
  assert.is(reads, 4);
  cache.clear();
  assert.is(await cache.get('a', read(async () => 'new')), 'new');
});

test.run();
