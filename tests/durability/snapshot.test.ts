// Durability (issue #28): `make snapshot` saves the whole instance as one
// file; after changes, `make restore` brings back exactly what was saved; and
// the file restores in a second clone of the repository too.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { putMessage } from '@streamlab/labs/messages';
import { REPO_ROOT } from '@streamlab/kit/target';
import { clients, sleep, target } from '../lab3-e2e/harness.ts';
import { differences, fingerprint, settledFingerprint } from './fingerprint.ts';
import { make, port } from './support.ts';

const NAME = `durability-${process.pid}`;

test('make snapshot, change things, make restore: the cloud is the snapshot again; it restores in a second clone too', async () => {
  await sleep(2000); // quiet: nothing of an earlier step still running
  const saved = await settledFingerprint(target, clients);
  const snapshot = make('snapshot', `NAME=${NAME}`);
  assert.is(snapshot.status, 0, snapshot.out);
  console.log(`      ${snapshot.out.trim()}`);
  assert.equal(differences(saved, await fingerprint(target, clients)), [], 'saving changes nothing');

  await putMessage(clients, target.lab1.messages_table, { author: 'durability', text: 'written after the snapshot' });
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: target.lab2.order_dlq_url, MessageBody: '{"orderId":"after-the-snapshot"}' }));
  await clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'Streamlab/Durability', MetricData: [{ MetricName: 'AfterSnapshot', Value: 1 }] }));
  await sleep(2000);
  assert.ok(differences(saved, await fingerprint(target, clients)).length > 0, 'the changes show');

  const restore = make('restore', `NAME=${NAME}`);
  assert.is(restore.status, 0, restore.out);
  assert.equal(differences(saved, await fingerprint(target, clients)), [], 'restored: the cloud the snapshot saved');
  const plan = make('plan-check');
  assert.is(plan.status, 0, plan.out);

  // A second clone: the same commit, its own .streamlab/, the installed packages shared.
  const clone = mkdtempSync(join(tmpdir(), 'streamlab-clone-'));
  try {
    assert.is(spawnSync('git', ['clone', '-q', REPO_ROOT, clone]).status, 0, 'git clone');
    for (const shared of ['node_modules', '.venv', 'local/lambda-env/node_modules', 'build']) symlinkSync(join(REPO_ROOT, shared), join(clone, shared));
    mkdirSync(join(clone, '.streamlab', 'snapshots'), { recursive: true });
    copyFileSync(join(REPO_ROOT, '.streamlab', 'snapshots', `${NAME}.tgz`), join(clone, '.streamlab', 'snapshots', `${NAME}.tgz`));
    assert.is(spawnSync('bash', ['local/terraform-cli-config.sh', join(clone, '.streamlab', 'terraformrc')], { cwd: clone }).status, 0);
    assert.is(make('down').status, 0); // the port is the clone's now
    const inClone = (...args: string[]) => {
      // -o install: the packages are the shared ones, not installed again.
      const run = spawnSync('make', ['--no-print-directory', '-o', 'install', ...args, `INSTANCE=${target.instance}`, `PORT=${port}`], { cwd: clone, encoding: 'utf8' });
      return { status: run.status, out: `${run.stdout}${run.stderr}` };
    };
    const restored = inClone('restore', `NAME=${NAME}`);
    assert.is(restored.status, 0, restored.out);
    assert.equal(differences(saved, await fingerprint(target, clients)), [], 'the second clone holds the same cloud');
    const clonePlan = inClone('plan-check');
    assert.is(clonePlan.status, 0, clonePlan.out);
    assert.is(inClone('down').status, 0);
  } finally {
    spawnSync('bash', ['local/down.sh', target.instance], { cwd: clone });
    rmSync(clone, { recursive: true, force: true });
    rmSync(join(REPO_ROOT, '.streamlab', 'snapshots', `${NAME}.tgz`), { force: true });
  }
  const up = make('up');
  assert.is(up.status, 0, up.out);
  assert.equal(differences(saved, await fingerprint(target, clients)), [], 'and this clone has it still');
});

test.run();
