import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SAFETY_NET_MAX_MS, safetyNetMs, Wakeups } from './wakeups.ts';

const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/messages/stream/2026';
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/messages';

/** A Wakeups on a free port, closed even when an assertion fails (its socket would keep the test alive). */
async function withWakeups(body: (w: Wakeups) => Promise<void>): Promise<void> {
  const w = new Wakeups(0);
  try {
    await body(w);
  } finally {
    w.close();
  }
}

async function timed(p: Promise<void>): Promise<number> {
  const t0 = Date.now();
  await p;
  return Date.now() - t0;
}

test('a nudge wakes a sleeping poller at once', () =>
  withWakeups(async (w) => {
    const sleeping = timed(w.sleep(STREAM, 2000, {}));
    w.wake(TABLE);
    assert.ok((await sleeping) < 500);
  }));

test('two consumers of one stream: a nudge while one is awake is kept for it, though the other slept', () =>
  withWakeups(async (w) => {
  const processor = {};
  const indexer = {};
  await w.sleep(STREAM, 1, processor); // the processor has slept once (registered) and is now reading
  const indexerSleep = timed(w.sleep(STREAM, 2000, indexer));
  w.wake(TABLE); // a new record: the indexer wakes, the processor is busy
  assert.ok((await indexerSleep) < 500, 'the sleeping consumer woke');
  assert.ok((await timed(w.sleep(STREAM, 2000, processor))) < 100, 'the busy one finds the nudge when it goes to sleep');
  assert.ok((await timed(w.sleep(STREAM, 300, processor))) >= 250, 'once: the next sleep waits again');
  }));

test('without an owner, a nudge nobody heard is kept for the next sleeper (one poller per source)', () =>
  withWakeups(async (w) => {
    w.wake(TABLE);
    assert.ok((await timed(w.sleep(STREAM, 2000))) < 100);
  }));

test("a quiet poller's safety net doubles up to a minute, and starts over after a read that found data", () => {
  assert.equal([1, 2, 3, 4, 5, 9].map((quiet) => safetyNetMs(quiet, 10_000)), [10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  assert.is(safetyNetMs(0, 10_000), 10_000, 'a read that found data');
  assert.is(safetyNetMs(3, 50), 200, 'make test sets a short base: it doubles the same way');
  assert.is(safetyNetMs(2, 120_000), 120_000, 'a base above the cap is kept');
  assert.is(SAFETY_NET_MAX_MS, 60_000);
});

test.run();
