// Durability (issue #28): a crashed emulator leaves nothing that one `make up`
// cannot recover from. Killing granian's parent (the recorded pid) leaves its
// worker serving the port; killing the worker makes granian exit. Either way
// `make up` starts a whole new emulator with the state intact, and `make down`
// leaves no process of the instance behind.
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clients, sleep, target } from '../lab3-e2e/harness.ts';
import { differences, fingerprint, settledFingerprint } from './fingerprint.ts';
import { emulatorPid, groupMembers, make, makeAsync, recordedPid, restoredLine } from './support.ts';

test('SIGKILL of the recorded pid: its orphaned worker is replaced by one make up', async () => {
  const before = await settledFingerprint(target, clients);
  const leader = emulatorPid();
  const worker = groupMembers(leader).find((pid) => pid !== leader);
  assert.ok(worker, 'granian runs a worker beside its parent');
  process.kill(leader, 'SIGKILL');
  await sleep(500);
  assert.equal(groupMembers(leader), [worker], 'the worker lives on as an orphan');
  const up = make('up');
  assert.is(up.status, 0, up.out);
  assert.match(up.out, /crashed and left processes behind/);
  console.log(`      ${restoredLine(up.out)}`);
  assert.equal(groupMembers(leader), [], 'the old group is gone');
  assert.equal(differences(before, await fingerprint(target, clients)), []);
});

test('SIGKILL of the worker: granian exits, and one make up recovers', async () => {
  const before = await settledFingerprint(target, clients);
  const leader = emulatorPid();
  const worker = groupMembers(leader).find((pid) => pid !== leader)!;
  process.kill(worker, 'SIGKILL');
  for (let i = 0; i < 50 && groupMembers(leader).length > 0; i += 1) await sleep(100);
  const up = make('up');
  assert.is(up.status, 0, up.out);
  assert.match(up.out, /emulator: started/);
  assert.equal(differences(before, await fingerprint(target, clients)), []);
});

test('make down leaves no process of the instance behind', () => {
  const groups = (['emulator', 'runtime', 'console'] as const).map(recordedPid);
  const down = make('down');
  assert.is(down.status, 0, down.out);
  assert.equal(groups.flatMap((pgid) => groupMembers(pgid)), []);
  const up = make('up');
  assert.is(up.status, 0, up.out);
});

/** The instance's processes whose command line names this file of its state directory (up.sh names it from the repository: .streamlab/INSTANCE/...). */
function processesRunning(file: string): number[] {
  const pgrep = spawnSync('pgrep', ['-f', `${basename(dirname(target.stateDir))}/${basename(target.stateDir)}/${file}`], { encoding: 'utf8' });
  return pgrep.stdout.split('\n').filter(Boolean).map(Number);
}

test('two make up at once start one emulator, runtime and console, and make down stops them all', async () => {
  const down = make('down');
  assert.is(down.status, 0, down.out);
  const outs = await Promise.all([makeAsync('up'), makeAsync('up')]);
  const started = outs.join('').match(/^(emulator|runtime|console): +started/gm) ?? [];
  assert.equal(started.length, 3, `one start of each, the other make up finds them running:\n${outs.join('\n')}`);
  assert.equal(processesRunning('runtime/main.mjs'), [recordedPid('runtime')]);
  assert.equal(processesRunning('console/server.mjs'), [recordedPid('console')]);
  assert.ok(groupMembers(emulatorPid()).length > 0, 'the recorded emulator runs');
  const groups = (['emulator', 'runtime', 'console'] as const).map(recordedPid);
  const again = make('down');
  assert.is(again.status, 0, again.out);
  assert.equal(groups.flatMap((pgid) => groupMembers(pgid)), []);
  assert.equal([...processesRunning('runtime/main.mjs'), ...processesRunning('console/server.mjs')], []);
  const up = make('up');
  assert.is(up.status, 0, up.out);
});

test.run();
