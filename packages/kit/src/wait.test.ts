import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { poll } from './wait.ts';

test('returns the first answer that is not undefined or false', async () => {
  const answers = [undefined, false, 0, 7];
  assert.is(await poll(() => answers.shift(), 1000, 1), 0);
});

test('undefined once the time is up, after probing at least once', async () => {
  let calls = 0;
  const started = Date.now();
  assert.is(
    await poll(() => {
      calls += 1;
      return undefined;
    }, 30, 5),
    undefined,
  );
  assert.ok(calls >= 1 && Date.now() - started >= 30, `${calls} calls in ${Date.now() - started} ms`);
});

test.run();
