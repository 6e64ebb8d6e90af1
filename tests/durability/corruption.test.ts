// Durability (issue #28): a state file damaged on disk never stops `make up`.
// A journal cut at a random byte keeps every whole record before the cut (the
// items written survive in order: a prefix of them); a snapshot cut at a
// random byte fails its checksum, and recovery falls back to the snapshot and
// journals before it, losing nothing.
import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getMessage, putMessage } from '@streamlab/labs/messages';
import { clients, sleep, target } from '../lab3-e2e/harness.ts';
import { differences, fingerprint, settledFingerprint } from './fingerprint.ts';
import { emulatorPid, make, restoredLine } from './support.ts';

const stateDir = join(target.stateDir, 'state');
const newest = (prefix: string) => join(stateDir, readdirSync(stateDir).filter((f) => f.startsWith(prefix)).sort().at(-1)!);

test('a journal cut at a random byte: make up starts, says what it dropped, and keeps every record before the cut', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 40; i += 1) ids.push((await putMessage(clients, target.lab1.messages_table, { author: 'durability', text: `journal cut ${i}` })).message_id);
  process.kill(-emulatorPid(), 'SIGKILL');
  await sleep(500);
  const journal = newest('journal-');
  const size = statSync(journal).size;
  const cut = Math.floor(size / 2 + Math.random() * (size / 2));
  truncateSync(journal, cut);
  const up = make('up');
  assert.is(up.status, 0, up.out);
  const kept: boolean[] = [];
  for (const id of ids) kept.push((await getMessage(clients, target.lab1.messages_table, id)) !== undefined);
  const survivors = kept.filter(Boolean).length;
  console.log(`      cut ${journal.split('/').pop()} at byte ${cut} of ${size}: ${restoredLine(up.out)}; ${survivors} of the last ${ids.length} items kept`);
  assert.match(up.out, /dropped a torn tail of \d+ bytes/);
  assert.equal(kept, [...Array(survivors).fill(true), ...Array(ids.length - survivors).fill(false)], 'the items kept are the first ones written');
});

test('a snapshot cut at a random byte: make up falls back to the one before it, and nothing is lost', async () => {
  await sleep(3000); // the runtime is done with the items above
  const before = await settledFingerprint(target, clients);
  const down = make('down');
  assert.is(down.status, 0, down.out);
  const snapshot = newest('snapshot-');
  const size = statSync(snapshot).size;
  const cut = Math.floor(Math.random() * size);
  truncateSync(snapshot, cut);
  const up = make('up');
  assert.is(up.status, 0, up.out);
  console.log(`      cut ${snapshot.split('/').pop()} at byte ${cut} of ${size}: ${restoredLine(up.out)}`);
  assert.match(up.out, /(fails its checksum|is cut short|no readable header).*fell back/);
  assert.equal(differences(before, await fingerprint(target, clients)), [], 'the same cloud as before make down');
});

test.run();
