import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drainPath, type PathProbe, type Publisher } from './ingest-drain.ts';

function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => {
      t += ms;
    },
  };
}

function probe(over: Partial<PathProbe> & { backlogs?: number[]; publishersList?: Publisher[] }): PathProbe {
  const backlogs = [...(over.backlogs ?? [0])];
  return {
    label: 'the ingest queue q',
    redriveHint: 'redrive it',
    publishers: async () => over.publishersList ?? [],
    backlog: async () => (backlogs.length > 1 ? backlogs.shift()! : backlogs[0]!),
    deadLetters: over.deadLetters ?? (async () => 0),
  };
}

const options = (clock: ReturnType<typeof fakeClock>, lines: string[] = []) => ({ timeoutMs: 60_000, pollMs: 1000, emptyReads: 3, ...clock, log: (l: string) => lines.push(l) });

test('refuses while a publisher still targets the path, without waiting', async () => {
  const clock = fakeClock();
  const r = await drainPath(probe({ publishersList: [{ name: 'webhook', targetsPath: true, lastModifiedMs: 0, timeoutSeconds: 10 }] }), options(clock));
  assert.equal(r, { ok: false, problem: 'webhook still publish(es) to the ingest queue q: switch delivery_mode away from it first' });
});

test('waits out the in-flight invocations of a publisher that switched just now', async () => {
  const clock = fakeClock();
  const lines: string[] = [];
  const r = await drainPath(probe({ publishersList: [{ name: 'stale', targetsPath: false, lastModifiedMs: clock.now() - 5_000, timeoutSeconds: 30 }] }), options(clock, lines));
  assert.ok(r.ok);
  assert.ok(r.ok && r.waitedMs >= 25_000, 'waited until 30 s after the switch');
  assert.match(lines[0]!, /waiting 25 s/);
});

test('waits until the backlog reads empty three times in a row', async () => {
  const clock = fakeClock();
  const r = await drainPath(probe({ backlogs: [5, 2, 0, 1, 0, 0, 0] }), options(clock));
  assert.equal(r, { ok: true, waitedMs: 6000 });
});

test('gives up after the timeout while messages remain', async () => {
  const clock = fakeClock();
  const r = await drainPath(probe({ backlogs: [4] }), options(clock));
  assert.is(r.ok, false);
  assert.match(!r.ok ? r.problem : '', /4 message\(s\) still in the ingest queue q after 60 s/);
});

test('refuses while the DLQ, deleted with the path, holds messages', async () => {
  const clock = fakeClock();
  const r = await drainPath(probe({ deadLetters: async () => 2 }), options(clock));
  assert.equal(r, { ok: false, problem: '2 message(s) in the DLQ of the ingest queue q would be deleted with it: redrive it' });
});

test.run();
