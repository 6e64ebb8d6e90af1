// `make bench`: measures the local target and writes docs/benchmarks.md.
// It reports; it asserts nothing about speed. Needs `make apply` (local).
import { BatchWriteItemCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_CREDENTIALS } from '../local/runtime/clients.ts';
import { CodeStore } from '../local/runtime/code-store.ts';
import { FunctionHost } from '../local/runtime/function-host.ts';
import { functionConfigOf } from '../local/runtime/functions.ts';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor, type ScriptClients } from '@streamlab/kit/clients';
import { putMessage } from '@streamlab/labs/messages';
import { parseEnvelope } from '@streamlab/labs/notifications';
import { runStressMatrix } from '@streamlab/labs/order-stress';
import { generatedOrder, publishOrders } from '@streamlab/labs/orders';
import { emptyQueue, receiveAll } from '@streamlab/kit/queues';
import { medianOf, summarize } from '@streamlab/kit/stats';
import { loadTarget, REPO_ROOT, type Target } from '@streamlab/kit/target';
import { measureMode, switchMode, type Mode, type ModeLatency } from '@streamlab/labs/delivery-compare';
import { describeReport, migrateUnderTraffic } from '@streamlab/labs/migration-traffic';
import { startMinistack, MINISTACK_VERSION, type Peer } from './lib/peer-ministack.ts';
import { RAW_CALLS, rawLoops, type RawCall } from './lib/raw-api.ts';
import { restartRuntime, seedsBurst, type BurstResult } from '@streamlab/labs/seeds-burst';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rows: string[][] = [];
const log = (line: string) => console.log(line);

/** Receives notifications until every wanted message_id was seen (or the deadline); returns arrival times. */
async function collect(clients: ScriptClients, url: string, wanted: Set<string>, deadline: number, receivers = 1): Promise<Map<string, number>> {
  const arrived = new Map<string, number>();
  await Promise.all(
    Array.from({ length: receivers }, async () => {
      if (arrived.size >= wanted.size) return;
      for await (const messages of receiveAll(clients.sqs, url, { WaitTimeSeconds: 1, until: deadline })) {
        const now = performance.now();
        for (const m of messages) {
          const id = parseEnvelope(m.Body ?? '')?.document.message.message_id;
          if (id && wanted.has(id) && !arrived.has(id)) arrived.set(id, now);
        }
        if (arrived.size >= wanted.size) break;
      }
    }),
  );
  return arrived;
}

async function lab1Latency(target: Target, clients: ScriptClients, n: number): Promise<number[]> {
  const { messages_table: table, test_queue_url: queue } = target.lab1;
  await emptyQueue(clients, queue);
  const latencies: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const m = await putMessage(clients, table, { author: 'bench', text: `latency ${i}` });
    const arrived = await collect(clients, queue, new Set([m.message_id]), Date.now() + 10_000);
    const t = arrived.get(m.message_id);
    if (t !== undefined) latencies.push(t - t0);
  }
  return latencies;
}

async function lab1Burst(target: Target, clients: ScriptClients, n: number): Promise<{ seconds: number; lost: number }> {
  const { messages_table: table, test_queue_url: queue } = target.lab1;
  await emptyQueue(clients, queue);
  const now = new Date().toISOString();
  const items = Array.from({ length: n }, (_, i) => ({ message_id: randomUUID(), author: 'burst', text: `burst ${i}`, timestamp: now }));
  const t0 = performance.now();
  const receiving = collect(clients, queue, new Set(items.map((i) => i.message_id)), Date.now() + 60_000, 4);
  const chunks = Array.from({ length: Math.ceil(n / 25) }, (_, c) => items.slice(c * 25, c * 25 + 25));
  for (let c = 0; c < chunks.length; c += 4) {
    await Promise.all(chunks.slice(c, c + 4).map((chunk) => clients.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: chunk.map((item) => ({ PutRequest: { Item: marshall(item) } })) } }))));
  }
  const arrived = await receiving;
  const last = Math.max(...arrived.values());
  return { seconds: (last - t0) / 1000, lost: n - arrived.size };
}

/**
 * The table's item count. On the emulator DescribeTable counts live, so it is a
 * cheap progress probe (a Scan of thousands of items would slow the emulator
 * down and distort the figure). On AWS ItemCount is refreshed every 6 hours.
 */
async function itemCount(clients: ScriptClients, table: string): Promise<number> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
}

async function lab2Burst(target: Target, clients: ScriptClients, n: number): Promise<{ seconds: number; stored: number }> {
  const runId = randomUUID().slice(0, 8);
  const bodies = Array.from({ length: n }, (_, i) => JSON.stringify(generatedOrder(i, runId)));
  const before = await itemCount(clients, target.lab2.orders_table);
  const t0 = performance.now();
  const chunks = Array.from({ length: Math.ceil(n / 100) }, (_, c) => bodies.slice(c * 100, c * 100 + 100));
  await Promise.all(chunks.map((chunk) => publishOrders(clients, target.lab2.order_topic_arn, chunk)));
  let stored = 0;
  while (stored < n && performance.now() - t0 < 180_000) {
    stored = (await itemCount(clients, target.lab2.orders_table)) - before;
    if (stored < n) await sleep(50);
  }
  return { seconds: (performance.now() - t0) / 1000, stored };
}

/** Zip size, and the time to start a fresh instance (import the bundle) and run one invocation. */
async function bundles(target: Target): Promise<{ name: string; kib: number; coldMs: number[]; warmMs: number[] }[]> {
  const lambda = new LambdaClient(target.clientConfig);
  const dir = join(REPO_ROOT, 'build', 'lambdas');
  const store = new CodeStore([dir], join(tmpdir(), 'streamlab-code'));
  const out = [];
  for (const [name, fn, event] of [
    ['message-stream-processor', target.lab1.processor_function_name, { Records: [] }],
    ['order-processor', target.lab2.processor_function_name, { Records: [] }],
    // A GET: the handler reads its secret (SSM) and answers 405, publishing nothing.
    ['webhook-handler', target.lab3.webhook_function_name, { version: '2.0', rawPath: '/', headers: {}, requestContext: { http: { method: 'GET', path: '/' } }, isBase64Encoded: false }],
    ['background-processor', target.lab3.processor_function_name, { Records: [] }],
    ['stale-message-processor', target.lab3.stale_function_name, { older_than_seconds: 86_400 }],
  ] as const) {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    const codeDir = store.resolve(config.CodeSha256!)!;
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const host = new FunctionHost(
        functionConfigOf(config),
        { endpoint: target.endpoint!, region: target.region, credentials: async () => EMULATOR_CREDENTIALS, codeDir, log: () => undefined, logStream: 'bench', maxInstances: 1 },
      );
      let t = performance.now();
      await host.invoke(event);
      coldMs.push(performance.now() - t);
      t = performance.now();
      await host.invoke(event);
      warmMs.push(performance.now() - t);
      host.close();
    }
    out.push({ name, kib: statSync(join(dir, `${name}.zip`)).size / 1024, coldMs, warmMs });
  }
  return out;
}

/** `pid` and every process below it: the emulator's HTTP server runs moto in a
 * worker process, and the runtime starts one process per function instance. */
function processTree(pid: number): number[] {
  const tree = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) tree.push(...processTree(Number(child)));
    }
  } catch { /* it exited meanwhile */ }
  return tree;
}

/** A /proc/<pid>/stat field summed over a process tree (processes that exited meanwhile count 0). */
function sumOverTree(pid: number, of: (stat: string[]) => number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try { sum += of(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')); } catch { /* it exited meanwhile */ }
  }
  return sum;
}

/** CPU seconds (utime + stime, clock ticks of 1/100 s) of a process tree. */
const cpuSeconds = (pid: number) => sumOverTree(pid, (f) => (Number(f[11]) + Number(f[12])) / 100);

/** Resident memory of a process tree, in MiB (RSS in pages of 4 KiB). */
const rssMiB = (pid: number) => sumOverTree(pid, (f) => (Number(f[21]) * 4) / 1024);

const pidOf = (target: Target, name: 'emulator' | 'runtime') => Number(readFileSync(join(target.stateDir, `${name}.pid`), 'utf8'));

async function idleCpu(target: Target, seconds: number): Promise<{ runtime: number; emulator: number }> {
  const cpu = (name: 'emulator' | 'runtime') => cpuSeconds(pidOf(target, name));
  const before = { runtime: cpu('runtime'), emulator: cpu('emulator') };
  await sleep(seconds * 1000);
  return { runtime: ((cpu('runtime') - before.runtime) / seconds) * 100, emulator: ((cpu('emulator') - before.emulator) / seconds) * 100 };
}

function timeCommand(cwd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync('make', args, { cwd, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed in ${cwd}`);
  return (performance.now() - t) / 1000;
}

run(async () => {
  const args = parseCli({
    summary: 'measure the local target (latency, bursts, bundles, idle CPU) and write docs/benchmarks.md',
    usage: [
      '  --runs N             repeat each measurement N times and report the median (default: 3)',
      '  --latency N          messages in the lab 1 latency run (default: 200)',
      '  --burst N            messages/orders in the burst runs (default: 1000)',
      '  --lab3 N             lab 3: N sequential webhooks and a burst of 2N per delivery mode per run (default: 50; 0 skips lab 3)',
      '  --migration N        lab 3: webhooks per second during the migration runs (default: 5; 0 skips them)',
      '  --seeds N            lab 3: the seeds\' burst of N webhooks at once, cold (runtime restarted) and warm (default: 50; 0 skips it)',
      '  --raw N              N sequential PutItem, SendMessage and Publish calls per run (default: 500; 0 skips them)',
      '  --peer ministack     run the raw loops against MiniStack too, interleaved, and report the ratios (installs it pinned into .streamlab/peers)',
      '  --stress N           lab 2 under stress: N bursts of 1,000 orders in each of five configurations, losses counted (default: 4; 0 skips it)',
      '  --setup              also time `make demo` in a fresh clone, cold and warm (adds ~4 minutes)',
    ],
    examples: ['make bench', 'make bench BENCH_ARGS="--peer ministack"', 'npx tsx tools/bench.ts --runs 1 --latency 50 --burst 200'],
    options: {
      runs: { type: 'string' }, latency: { type: 'string' }, burst: { type: 'string' }, lab3: { type: 'string' }, migration: { type: 'string' },
      seeds: { type: 'string' }, raw: { type: 'string' }, peer: { type: 'string' }, stress: { type: 'string' }, setup: { type: 'boolean', default: false },
    },
  });
  if (args.target !== 'local') throw new UsageError('the benchmark measures the local target');
  const runs = intOption('runs', args.runs, 3, 1, 20);
  const nLatency = intOption('latency', args.latency, 200, 1, 10_000);
  const nBurst = intOption('burst', args.burst, 1000, 1, 100_000);
  const nLab3 = intOption('lab3', args.lab3, 50, 0, 1000);
  const migrationRate = intOption('migration', args.migration, 5, 0, 50);
  const nSeeds = intOption('seeds', args.seeds, 50, 0, 1000);
  const nRaw = intOption('raw', args.raw, 500, 0, 100_000);
  const nStress = intOption('stress', args.stress, 4, 0, 100);
  if (args.peer !== undefined && args.peer !== 'ministack') throw new UsageError(`--peer must be "ministack", got "${args.peer}"`);
  const target = loadTarget('local');
  const clients = clientsFor(target);
  const fmt = (x: number, d = 0) => x.toFixed(d);
  const spread = (m: { median: number; min: number; max: number }, d = 0, unit = '') => `${fmt(m.median, d)}${unit} (${fmt(m.min, d)}–${fmt(m.max, d)})`;

  // Soak: the same probe on the instance as it is now and after every burst
  // below. A cost per request that grows with the instance's age shows here.
  const soakProbe = async (when: string) => {
    const idle = await idleCpu(target, 10);
    const p50 = summarize(await lab1Latency(target, clients, 50)).p50;
    log(`  soak probe (${when}): lab 1 p50 ${fmt(p50, 1)} ms over 50 messages; idle CPU emulator ${fmt(idle.emulator, 2)} %, runtime ${fmt(idle.runtime, 2)} %`);
    return { p50, idle: idle.emulator + idle.runtime };
  };
  log('Soak probe before the bursts: 10 s idle, then 50 sequential lab 1 messages');
  const soakBefore = await soakProbe('before');

  if (nRaw > 0) {
    let peer: Peer | undefined;
    if (args.peer) peer = await startMinistack(4800, (line) => log(`  ${line}`));
    try {
      log(`Raw API: ${runs} × ${nRaw} sequential calls each of ${RAW_CALLS.join(', ')}${peer ? `, streamlab and MiniStack ${MINISTACK_VERSION} interleaved` : ''}`);
      const ours: Record<RawCall, number>[] = [];
      const theirs: Record<RawCall, number>[] = [];
      for (let r = 0; r < runs; r += 1) {
        ours.push(await rawLoops(target.endpoint!, nRaw));
        if (peer) theirs.push(await rawLoops(peer.endpoint, nRaw));
        log(`  run ${r + 1}: ${RAW_CALLS.map((c) => `${c} ${fmt(ours.at(-1)![c])}${peer ? ` vs ${fmt(theirs.at(-1)![c])}` : ''} req/s`).join(', ')}`);
      }
      for (const call of RAW_CALLS) {
        const a = medianOf(ours.map((o) => o[call]));
        rows.push([`Raw ${call}, ${nRaw} sequential: streamlab`, spread(a, 0, ' req/s')]);
        if (!peer) continue;
        const b = medianOf(theirs.map((o) => o[call]));
        rows.push([`Raw ${call}, ${nRaw} sequential: MiniStack ${MINISTACK_VERSION}`, spread(b, 0, ' req/s')]);
        rows.push([`Raw ${call}: streamlab / MiniStack`, `${(a.median / b.median).toFixed(2)}×`]);
      }
    } finally {
      peer?.stop();
    }
  }

  if (nSeeds > 0) {
    log(`The seeds' burst: ${nSeeds} signed webhooks at once → stored submissions (lab 3, delivery ${target.lab3.delivery_mode}), cold (runtime restarted) then warm, ${runs} × each`);
    const byKind: Record<'cold' | 'warm', BurstResult[]> = { cold: [], warm: [] };
    for (let r = 0; r < runs; r += 1) {
      await restartRuntime(target);
      for (const kind of ['cold', 'warm'] as const) {
        const b = await seedsBurst(target, nSeeds);
        byKind[kind].push(b);
        const peaks = Object.entries(b.peakConcurrency).map(([fn, n]) => `${fn.replace(/^streamlab-[a-z]+-/, '')} ${n}`).join(', ');
        log(`  ${kind} run ${r + 1}: all stored in ${fmt(b.seconds, 2)} s, p50 ${fmt(b.latency.p50)} ms, p95 ${fmt(b.latency.p95)} ms; peak concurrency ${peaks}; timed out ${b.timedOut}, crashed ${b.crashed}, lost ${b.lost}`);
      }
    }
    for (const kind of ['cold', 'warm'] as const) {
      const runsOf = byKind[kind];
      rows.push([`Seeds' burst of ${nSeeds} (${kind}): first request → last stored`, spread(medianOf(runsOf.map((b) => b.seconds)), 2, ' s')]);
      rows.push([`Seeds' burst of ${nSeeds} (${kind}): latency p50 / p95`, `${fmt(medianOf(runsOf.map((b) => b.latency.p50)).median)} ms / ${fmt(medianOf(runsOf.map((b) => b.latency.p95)).median)} ms`]);
      rows.push([`Seeds' burst of ${nSeeds} (${kind}): peak concurrency of ${target.lab3.processor_function_name}`, String(Math.max(...runsOf.map((b) => b.peakConcurrency[target.lab3.processor_function_name] ?? 0)))]);
      rows.push([`Seeds' burst of ${nSeeds} (${kind}): timed out / crashed / lost`, `${runsOf.reduce((n, b) => n + b.timedOut, 0)} / ${runsOf.reduce((n, b) => n + b.crashed, 0)} / ${runsOf.reduce((n, b) => n + b.lost, 0)}`]);
    }
  }

  log(`Lab 1 latency: ${runs} × ${nLatency} sequential messages, PutItem → notification on the SQS test queue`);
  const lat = [];
  for (let r = 0; r < runs; r += 1) {
    const s = summarize(await lab1Latency(target, clients, nLatency));
    lat.push(s);
    log(`  run ${r + 1}: p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms (${s.n}/${nLatency} arrived)`);
  }
  for (const key of ['p50', 'p95', 'p99', 'max'] as const) rows.push([`Lab 1 latency ${key}`, spread(medianOf(lat.map((s) => s[key])), 1, ' ms')]);
  rows.push(['Lab 1 latency: lost', String(lat.reduce((n, s) => n + (nLatency - s.n), 0))]);

  log(`Lab 1 burst: ${runs} × ${nBurst} messages written as fast as possible`);
  const b1 = [];
  for (let r = 0; r < runs; r += 1) {
    const b = await lab1Burst(target, clients, nBurst);
    b1.push(b);
    log(`  run ${r + 1}: all notifications after ${fmt(b.seconds, 2)} s (${fmt(nBurst / b.seconds)} msg/s), lost ${b.lost}`);
  }
  rows.push([`Lab 1 burst of ${nBurst}: time to last notification`, spread(medianOf(b1.map((b) => b.seconds)), 2, ' s')]);
  rows.push([`Lab 1 burst: throughput`, spread(medianOf(b1.map((b) => nBurst / b.seconds)), 0, ' msg/s')]);
  rows.push([`Lab 1 burst: lost`, String(b1.reduce((n, b) => n + b.lost, 0))]);

  log(`Lab 2 burst: ${runs} × ${nBurst} orders published at once`);
  const b2 = [];
  for (let r = 0; r < runs; r += 1) {
    const b = await lab2Burst(target, clients, nBurst);
    b2.push(b);
    log(`  run ${r + 1}: ${b.stored}/${nBurst} stored after ${fmt(b.seconds, 2)} s (${fmt(b.stored / b.seconds)} orders/s)`);
  }
  rows.push([`Lab 2 burst of ${nBurst}: time until all stored`, spread(medianOf(b2.map((b) => b.seconds)), 2, ' s')]);
  rows.push([`Lab 2 burst: throughput`, spread(medianOf(b2.map((b) => b.stored / b.seconds)), 0, ' orders/s')]);
  rows.push([`Lab 2 burst: not stored`, String(b2.reduce((n, b) => n + nBurst - b.stored, 0))]);

  if (nStress > 0) {
    log(`Lab 2 under stress: ${nStress} × 1000 orders in each configuration (make stress STRESS_ARGS="--all --bursts ${nStress}")`);
    for (const t of await runStressMatrix(target.instance, nStress, 4900, (line) => log(`  ${line}`))) {
      rows.push([`Lab 2 stress, ${t.config}: published / stored / in DLQ / lost`, `${t.published} / ${t.stored} / ${t.inDlq} / ${t.lost}`]);
    }
  }

  if (nLab3 > 0) {
    log(`Lab 3: webhook → stored submission, delivery_mode sqs then sns (${runs} × ${nLab3} sequential + a burst of ${2 * nLab3} each); switching modes is a terraform apply`);
    let current = target;
    const byMode = new Map<Mode, ModeLatency[]>();
    try {
      for (const mode of ['sqs', 'sns'] as Mode[]) {
        current = switchMode(current, mode, (line) => log(`  ${line}`));
        for (let r = 0; r < runs; r += 1) {
          const m = await measureMode(current, { sequential: nLab3, burst: 2 * nLab3 });
          byMode.set(mode, [...(byMode.get(mode) ?? []), m]);
          log(`  ${mode} run ${r + 1}: sequential p50 ${m.sequential.p50} ms, p95 ${m.sequential.p95} ms; burst of ${2 * nLab3}: p50 ${m.burst.p50} ms, p95 ${m.burst.p95} ms, all stored in ${fmt(m.burst.seconds, 2)} s`);
        }
      }
    } finally {
      switchMode(current, target.lab3.delivery_mode, (line) => log(`  ${line}`));
    }
    const med = (mode: Mode, pick: (m: ModeLatency) => number) => medianOf(byMode.get(mode)!.map(pick));
    for (const [label, pick] of [
      ['sequential p50', (m: ModeLatency) => m.sequential.p50],
      ['sequential p95', (m: ModeLatency) => m.sequential.p95],
      [`burst of ${2 * nLab3} p50`, (m: ModeLatency) => m.burst.p50],
      [`burst of ${2 * nLab3} p95`, (m: ModeLatency) => m.burst.p95],
    ] as const) {
      const sqs = med('sqs', pick);
      const sns = med('sns', pick);
      rows.push([`Lab 3 ${label}: sqs`, spread(sqs, 0, ' ms')]);
      rows.push([`Lab 3 ${label}: sns`, spread(sns, 0, ' ms')]);
      rows.push([`Lab 3 ${label}: sqs / sns`, `${(sqs.median / sns.median).toFixed(2)}×`]);
    }
  }

  if (migrationRate > 0) {
    // Once each (each run is 3–4 terraform applies): scripts/migrate.ts both
    // ways, then one plain apply of the other delivery_mode both ways.
    log(`Lab 3 migration under live traffic: ${migrationRate} signed webhooks/s throughout`);
    const original = loadTarget(target.name).lab3.delivery_mode;
    const other: Mode = original === 'sns' ? 'sqs' : 'sns';
    for (const [to, oneApply] of [[other, false], [original, false], [other, true], [original, true]] as [Mode, boolean][]) {
      const r = await migrateUnderTraffic(target.name, to, { ratePerSecond: migrationRate, oneApply });
      const lines = describeReport(r);
      for (const line of lines) log(`  ${line}`);
      const how = oneApply ? 'one make apply' : 'migrate.ts';
      const refused = Object.values(r.refused).reduce((a, b) => a + b, 0);
      rows.push([`Lab 3 ${r.from} → ${r.to} (${how}): sent / accepted / refused / lost / duplicated`, `${r.sent} / ${r.accepted} / ${refused} / ${r.lost.length} / ${r.duplicated.length}`]);
      rows.push([`Lab 3 ${r.from} → ${r.to} (${how}): steps, s (requests)`, r.steps.map((st) => `${st.name} ${fmt(st.seconds, 0)} (${st.requests})`).join(', ')]);
    }
  }

  log('Soak probe after the bursts (same probe)');
  const soakAfter = await soakProbe('after');
  rows.push(['Soak: lab 1 p50 before / after the bursts', `${fmt(soakBefore.p50, 1)} ms / ${fmt(soakAfter.p50, 1)} ms = ${(soakAfter.p50 / soakBefore.p50).toFixed(2)}×`]);
  rows.push(['Soak: idle CPU (emulator + runtime) before / after', `${fmt(soakBefore.idle, 2)} % / ${fmt(soakAfter.idle, 2)} %`]);

  log('Bundles: zip size, cold start (new instance: import + first invocation) and warm invocation, 3 each');
  for (const b of await bundles(target)) {
    rows.push([`${b.name}.zip`, `${fmt(b.kib, 1)} KiB`]);
    rows.push([`${b.name} cold start`, spread(medianOf(b.coldMs), 0, ' ms')]);
    rows.push([`${b.name} warm invocation`, spread(medianOf(b.warmMs), 1, ' ms')]);
  }

  log('Idle CPU over 10 s');
  const idle = await idleCpu(target, 10);
  rows.push(['Idle CPU: runtime', `${fmt(idle.runtime, 2)} %`]);
  rows.push(['Idle CPU: emulator', `${fmt(idle.emulator, 2)} %`]);

  // Lambda retires idle execution environments; so does the runtime, after
  // STREAMLAB_INSTANCE_IDLE_MS (2 minutes by default), keeping one per function.
  log('Memory of the emulator, the runtime and its function instances after the bursts, until under 1 GiB (at most 6 minutes)');
  const memory = () => rssMiB(pidOf(target, 'emulator')) + rssMiB(pidOf(target, 'runtime'));
  const afterBursts = memory();
  const start = performance.now();
  let now = afterBursts;
  while (now >= 1024 && performance.now() - start < 360_000) { await sleep(10_000); now = memory(); }
  const waited = (performance.now() - start) / 1000;
  rows.push(['Memory after the bursts (emulator + runtime + function instances)', `${fmt(afterBursts)} MiB`]);
  rows.push(['Memory under 1 GiB', now < 1024 ? `after ${fmt(waited)} s (${fmt(now)} MiB)` : `not within ${fmt(waited)} s (${fmt(now)} MiB)`]);

  if (args.setup) {
    log('Set-up: make demo in a fresh clone (cold, then warm) on port 4630');
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-bench-'));
    execFileSync('git', ['clone', '-q', REPO_ROOT, dir]);
    try {
      rows.push(['make demo, fresh clone (cold)', `${fmt(timeCommand(dir, ['demo', 'PORT=4630']), 0)} s`]);
      rows.push(['make demo, second run (warm)', `${fmt(timeCommand(dir, ['demo', 'PORT=4630']), 0)} s`]);
    } finally {
      spawnSync('make', ['down'], { cwd: dir, stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const width = Math.max(...rows.map((r) => r[0]!.length));
  const table = rows.map(([k, v]) => `${k!.padEnd(width)}  ${v}`).join('\n');
  log(`\n${table}`);

  const machine = [
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- CPU: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}; ${execFileSync(join(REPO_ROOT, '.venv/bin/python'), ['--version']).toString().trim()}; moto ${readFileSync(join(REPO_ROOT, 'local/requirements.txt'), 'utf8').match(/moto\[server\]==(\S+)/)?.[1]}`,
    `- Command: \`make bench${process.argv.length > 2 ? ` BENCH_ARGS="${process.argv.slice(2).join(' ')}"` : ''}\` (${runs} runs each; figures are medians with the min–max spread)`,
  ].join('\n');
  const md = `# Benchmarks (local target)\n\nWritten by \`make bench\` (tools/bench.ts). It measures and reports; no test asserts these numbers.\n\n${machine}\n\n| Measurement | Median (min–max) |\n| --- | --- |\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`;
  writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), md);
  log('\nWrote docs/benchmarks.md');
});
