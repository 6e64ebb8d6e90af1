import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ScheduleTimer } from './schedule-timer.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('two one-time schedules due together each run once, though the timer is re-armed while the first runs', async () => {
  const timer = new ScheduleTimer(1, (key, error) => assert.unreachable(`${key}: ${error.message}`));
  const runs: string[] = [];
  let releaseFirst = () => {};
  const atMs = Date.now() + 20;
  timer.set('a', {
    signature: 'a',
    parsed: { kind: 'at', atMs },
    fire: () => {
      runs.push('a');
      return new Promise<void>((resolve) => (releaseFirst = resolve)); // a slow target call
    },
  });
  timer.set('b', { signature: 'b', parsed: { kind: 'at', atMs }, fire: async () => void runs.push('b') });
  timer.arm();
  try {
    await sleep(60); // both are due; a is running
    timer.retain(new Set(['a', 'b']), ''); // a discovery re-arms the timer meanwhile
    await sleep(30);
    releaseFirst();
    await sleep(30);
    assert.equal(runs.sort(), ['a', 'b']);
  } finally {
    timer.stop();
  }
});

test('a schedule deleted while an earlier one runs does not run', async () => {
  const timer = new ScheduleTimer(1, (key, error) => assert.unreachable(`${key}: ${error.message}`));
  const runs: string[] = [];
  let releaseFirst = () => {};
  const atMs = Date.now() + 20;
  timer.set('a', { signature: 'a', parsed: { kind: 'at', atMs }, fire: () => new Promise<void>((resolve) => (releaseFirst = () => resolve(void runs.push('a')))) });
  timer.set('b', { signature: 'b', parsed: { kind: 'at', atMs }, fire: async () => void runs.push('b') });
  timer.arm();
  try {
    await sleep(60);
    timer.delete('b');
    releaseFirst();
    await sleep(30);
    assert.equal(runs, ['a']);
  } finally {
    timer.stop();
  }
});

test.run();
