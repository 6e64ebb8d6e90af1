// What remembering costs and buys (issue #28): the raw calls with persistence
// on and off (two bare instances, interleaved), the restart of the lab's own
// instance (make down, make up), a snapshot's size and time, and the restart
// after a SIGKILL, which replays the journal.
import { DynamoDBClient, PutItemCommand, CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { medianOf } from '@streamlab/kit/stats';
import { REPO_ROOT } from '@streamlab/kit/target';
import { EMULATOR_CREDENTIALS } from '../../local/runtime/clients.ts';
import type { Bench } from './context.ts';
import { RAW_CALLS, type RawCall, rawLoops } from './raw-api.ts';
import { fmt, spread } from './report.ts';

function sh(args: string[], env: Record<string, string> = {}): { out: string; seconds: number } {
  const started = performance.now();
  const run = spawnSync(args[0]!, args.slice(1), { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  return { out: `${run.stdout}${run.stderr}`, seconds: (performance.now() - started) / 1000 };
}

const up = (instance: string, port: number, persist: string) => sh(['bash', 'local/up.sh', instance, String(port)], { STREAMLAB_PERSIST: persist });
const down = (instance: string) => sh(['bash', 'local/down.sh', instance]);
const fresh = (instance: string) => {
  down(instance);
  sh(['rm', '-rf', join('.streamlab', instance)]);
};

/** Raw loops on two bare instances, persistence on and off, interleaved run by run. */
export async function measurePersistenceCost({ runs, report, log }: Bench, n: number, onPort: number, offPort: number): Promise<void> {
  log(`Persistence: ${runs} × ${n} sequential calls each of ${RAW_CALLS.join(', ')}, persistence on and off (bare instances, interleaved)`);
  const instances = [
    { name: 'bench-persist-on', port: onPort, persist: 'on' },
    { name: 'bench-persist-off', port: offPort, persist: 'off' },
  ];
  for (const i of instances) {
    fresh(i.name);
    up(i.name, i.port, i.persist);
  }
  try {
    const on: Record<RawCall, number>[] = [];
    const off: Record<RawCall, number>[] = [];
    for (let r = 0; r < runs; r += 1) {
      on.push(await rawLoops(`http://127.0.0.1:${onPort}`, n));
      off.push(await rawLoops(`http://127.0.0.1:${offPort}`, n));
      log(`  run ${r + 1}: ${RAW_CALLS.map((c) => `${c} ${fmt(on.at(-1)![c])} on / ${fmt(off.at(-1)![c])} off req/s`).join(', ')}`);
    }
    for (const call of RAW_CALLS) {
      const a = medianOf(on.map((o) => o[call]));
      const b = medianOf(off.map((o) => o[call]));
      report.add(`Raw ${call}, ${n} sequential: persistence on`, spread(a, 0, ' req/s'));
      report.add(`Raw ${call}, ${n} sequential: persistence off`, spread(b, 0, ' req/s'));
      report.add(`Raw ${call}: persistence on / off`, `${((a.median / b.median) * 100).toFixed(0)} %`);
    }
    await measureCrashReplay({ runs, report, log } as Bench, onPort);
  } finally {
    for (const i of instances) fresh(i.name);
  }
}

/** N PutItem calls journaled since the last snapshot, then SIGKILL and make up: the replay's time. */
async function measureCrashReplay({ report, log }: Bench, port: number, n = 5000): Promise<void> {
  const instance = 'bench-persist-on';
  const dynamodb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: EMULATOR_CREDENTIALS });
  await dynamodb.send(new CreateTableCommand({ TableName: 'replay', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName: 'replay' });
  sh(['curl', '-s', '-X', 'POST', `http://127.0.0.1:${port}/_streamlab/state/snapshot`]); // the journal starts here
  for (let i = 0; i < n; i += 1) await dynamodb.send(new PutItemCommand({ TableName: 'replay', Item: { id: { S: `item-${i}` } } }));
  dynamodb.destroy();
  process.kill(-Number(readFileSync(join(REPO_ROOT, '.streamlab', instance, 'emulator.pid'), 'utf8')), 'SIGKILL');
  const restart = up(instance, port, 'on');
  const line = /state: .*/.exec(restart.out)?.[0] ?? '';
  log(`  SIGKILL after ${n} PutItem, make up in ${fmt(restart.seconds, 1)} s: ${line}`);
  report.add(`Restart after a SIGKILL with ${n} changes journaled since the last snapshot (bare instance)`, `${fmt(restart.seconds, 1)} s (${/replayed \d+ journal records in [\d.]+ s/.exec(line)?.[0] ?? line})`);
}

/** The lab's own instance: a snapshot, make snapshot's file, and make down / make up, each timed. */
export function measureRestart({ target, runs, report, log }: Bench): void {
  const instance = target.instance;
  const port = new URL(target.endpoint!).port;
  log(`Persistence: the lab's instance "${instance}": snapshot, make snapshot, make down / make up (${runs} runs)`);
  const snapshots: { bytes: number; seconds: number; paused_ms: number }[] = [];
  const downs: number[] = [];
  const ups: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    snapshots.push(JSON.parse(sh(['curl', '-s', '-X', 'POST', `http://127.0.0.1:${port}/_streamlab/state/snapshot`]).out));
    downs.push(down(instance).seconds);
    ups.push(up(instance, Number(port), 'on').seconds);
    log(`  run ${r + 1}: snapshot ${fmt(snapshots.at(-1)!.bytes / 1e6, 1)} MB in ${snapshots.at(-1)!.seconds} s (requests paused ${snapshots.at(-1)!.paused_ms} ms); make down ${fmt(downs.at(-1)!, 1)} s, make up ${fmt(ups.at(-1)!, 1)} s`);
  }
  const file = sh(['make', '--no-print-directory', 'snapshot', `INSTANCE=${instance}`, `PORT=${port}`, 'NAME=bench']);
  sh(['rm', '-f', '.streamlab/snapshots/bench.tgz']);
  report.add('Snapshot of the lab instance after the bench (labs 1-3 and every burst above): size', `${fmt(medianOf(snapshots.map((s) => s.bytes / 1e6)).median, 1)} MB`);
  report.add('Snapshot of the lab instance: written by the forked child', spread(medianOf(snapshots.map((s) => s.seconds)), 2, ' s'));
  report.add('Snapshot of the lab instance: requests paused for the fork', spread(medianOf(snapshots.map((s) => s.paused_ms)), 0, ' ms'));
  report.add('make snapshot NAME=… (one file, gzip)', `${fmt(file.seconds, 1)} s, ${/\(([\d.]+[KMG]?)\)/.exec(file.out)?.[1] ?? '?'}`);
  report.add('make down after the bench (writes that snapshot)', spread(medianOf(downs), 1, ' s'));
  report.add('make up after the bench (restores it; without persistence: a 90 s re-apply)', spread(medianOf(ups), 1, ' s'));
}
