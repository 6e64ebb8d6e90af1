import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { poll, sleep } from '@streamlab/kit/wait';
import { Discovery } from './discovery.ts';

async function until(condition: () => boolean, what: string): Promise<void> {
  assert.ok(await poll(condition, 5000, 5), `timed out waiting for ${what}`);
}

/** A discovery loop with a 20 ms safety net over one part that counts its re-reads. */
function loop() {
  const state = { generation: 'boot-0', refreshes: 0, unannounced: 0 };
  const discovery = new Discovery([{ refresh: async () => state.refreshes++ }], {
    endpoint: 'http://emulator',
    intervalMs: 20,
    retryMs: 20,
    generation: async () => state.generation,
    onUnannounced: () => state.unannounced++,
  });
  void discovery.run();
  return { state, discovery };
}

test('the safety net re-reads nothing while the config generation stands still', async () => {
  const { state, discovery } = loop();
  await sleep(150);
  discovery.stop();
  assert.is(state.refreshes, 1, 'the first round only');
  assert.is(state.unannounced, 0);
});

test('a generation moved without a nudge (a lost datagram, a restart) is re-read once, and caches are dropped', async () => {
  const { state, discovery } = loop();
  await until(() => state.refreshes === 1, 'the first round');
  state.generation = 'boot-1';
  await until(() => state.refreshes === 2, 'the lost change');
  state.generation = 'restarted-0';
  await until(() => state.refreshes === 3, 'the restart');
  await sleep(100);
  discovery.stop();
  assert.is(state.refreshes, 3);
  assert.is(state.unannounced, 2);
});

test('a nudge re-reads at once, though the generation already says so', async () => {
  const { state, discovery } = loop();
  await until(() => state.refreshes === 1, 'the first round');
  state.generation = 'boot-1';
  discovery.now();
  await until(() => state.refreshes === 2, 'the nudged round');
  await sleep(100);
  discovery.stop();
  assert.is(state.refreshes, 2, 'one round for the nudge; the generation it read is then the one seen');
  assert.is(state.unannounced, 0);
});

test('caughtUp: before the first round it waits for it; then it waits only when the generation moved', async () => {
  const { state, discovery } = loop();
  await discovery.caughtUp();
  assert.is(state.refreshes, 1, 'the first round is done when it resolves');
  await discovery.caughtUp();
  assert.is(state.refreshes, 1, 'nothing moved: no round');
  state.generation = 'boot-1'; // a change whose nudge has not come (yet)
  await discovery.caughtUp();
  assert.is(state.refreshes, 2, 'the round that read the change is done when it resolves');
  discovery.stop();
});

test('caughtUp gives up after its limit when the emulator cannot be read', async () => {
  const discovery = new Discovery([{ refresh: async () => undefined }], {
    endpoint: 'http://emulator',
    intervalMs: 20,
    retryMs: 20,
    generation: () => Promise.reject(new Error('connection refused')),
    onUnannounced: () => undefined,
  });
  const errors = console.error;
  console.error = () => undefined; // the loop reports the unreachable emulator once
  void discovery.run();
  const started = Date.now();
  await discovery.caughtUp(200);
  const waited = Date.now() - started;
  discovery.stop();
  console.error = errors;
  assert.ok(waited >= 190 && waited < 2000, `waited ${waited} ms`);
});

test.run();
