// Lab 2 under stress: bursts of orders through OrderTopic → OrderQueue →
// OrderProcessor → Orders, optionally with the runtime killed and restarted
// mid-burst and lab 3's webhook traffic beside it. Each burst counts its
// orders stored and in OrderDeadLetterQueue; any other order is lost, and the
// emulator's hop counts say at which hop (issue 24). `make stress` and
// `make bench` run it; a reduced form runs in `make test`.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScriptClients } from '@streamlab/kit/clients';
import { fetchHopCounts } from './hops.ts';
import { depth, peek } from './dead-letters.ts';
import { generatedOrder, publishOrders, scanOrders } from './orders.ts';
import { REPO_ROOT, type Target } from '@streamlab/kit/target';
import { redeliver, sampleMessage } from './webhooks.ts';

export interface StressOptions {
  bursts: number;
  size: number;
  /** SIGKILL the runtime one second into each burst, then start it again. */
  killRuntime: boolean;
  /** Lab 3's webhook traffic (as many messages as orders) beside each burst. */
  lab3Beside: boolean;
  /** How long a burst may take to settle. */
  settleMs?: number;
  onBurst?: (result: BurstResult) => void;
}

export interface BurstResult {
  burst: number;
  published: number;
  stored: number;
  inDlq: number;
  lost: number;
  seconds: number;
  /** Messages OrderQueue lost by no known path during the burst (the emulator's hop counts). */
  unaccounted: number;
}

async function itemCount(clients: ScriptClients, table: string): Promise<number> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
}

/** Messages in the queue, visible or in flight. */
async function queueDepth(clients: ScriptClients, url: string): Promise<number> {
  const { visible, inFlight } = await depth(clients, url);
  return visible + inFlight;
}

async function unaccounted(target: Target): Promise<number> {
  const counts = await fetchHopCounts(target);
  return Object.values(counts.queue).reduce((sum, q) => sum + q.unaccounted, 0);
}

function restartRuntime(target: Target): void {
  process.kill(Number(readFileSync(join(target.stateDir, 'runtime.pid'), 'utf8')), 'SIGKILL');
  const up = spawnSync('bash', ['local/up.sh', target.instance, new URL(target.endpoint!).port], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`the runtime did not start again: ${up.stderr}`);
}

async function webhookTraffic(clients: ScriptClients, target: Target, n: number, runId: string): Promise<void> {
  for (let i = 0; i < n; i += 20) {
    const ids = Array.from({ length: Math.min(20, n - i) }, () => randomUUID());
    await Promise.all(ids.map((id, j) => redeliver(clients, target, id, { ...sampleMessage(i + j, { text: `stress ${runId}` }), client_type: 'web' })));
  }
}

export async function runOrderBursts(target: Target, clients: ScriptClients, options: StressOptions): Promise<BurstResult[]> {
  const lab = target.lab2;
  const results: BurstResult[] = [];
  const settleMs = options.settleMs ?? 240_000;
  for (let burst = 1; burst <= options.bursts; burst += 1) {
    const runId = randomUUID().slice(0, 8);
    const bodies = Array.from({ length: options.size }, (_, i) => JSON.stringify(generatedOrder(i, runId)));
    const [storedBefore, dlqBefore, unaccountedBefore] = await Promise.all([itemCount(clients, lab.orders_table), queueDepth(clients, lab.order_dlq_url), unaccounted(target)]);
    const t0 = performance.now();
    // Ten publishers of 100 orders each, 10 entries per PublishBatch, as make bench's burst.
    const chunks = Array.from({ length: Math.ceil(bodies.length / 100) }, (_, c) => bodies.slice(c * 100, c * 100 + 100));
    const traffic: Promise<unknown>[] = chunks.map((chunk) => publishOrders(clients, lab.order_topic_arn, chunk));
    if (options.lab3Beside) traffic.push(webhookTraffic(clients, target, options.size, runId));
    if (options.killRuntime) {
      await sleep(1000);
      restartRuntime(target);
    }
    await Promise.all(traffic);
    let stored = 0;
    let inDlq = 0;
    for (let settled = 0; performance.now() - t0 < settleMs; ) {
      stored = (await itemCount(clients, lab.orders_table)) - storedBefore;
      inDlq = (await queueDepth(clients, lab.order_dlq_url)) - dlqBefore;
      const left = await queueDepth(clients, lab.order_queue_url);
      if (stored + inDlq >= options.size) break;
      settled = left === 0 ? settled + 1 : 0;
      if (settled >= 20) break; // OrderQueue has been empty for 5 s: nothing more will come
      await sleep(250);
    }
    // Exact counts of this burst's orders: progress above came from item counts.
    const prefix = `order-${runId}-`;
    stored = (await scanOrders(clients, lab.orders_table)).filter((o) => o.orderId.startsWith(prefix)).length;
    inDlq = stored < bodies.length ? (await peek(clients, lab.order_dlq_url, 10_000)).filter((m) => m.Body?.includes(prefix)).length : 0;
    const result: BurstResult = {
      burst,
      published: bodies.length,
      stored,
      inDlq,
      lost: bodies.length - stored - inDlq,
      seconds: (performance.now() - t0) / 1000,
      unaccounted: (await unaccounted(target)) - unaccountedBefore,
    };
    results.push(result);
    options.onBurst?.(result);
  }
  return results;
}

export function describeBurst(r: BurstResult): string {
  return `burst ${r.burst}: ${r.published} published, ${r.stored} stored, ${r.inDlq} in the DLQ, ${r.lost} lost, ${r.unaccounted} unaccounted by OrderQueue (${r.seconds.toFixed(1)} s)`;
}

/** The configurations `make stress` and `make bench` run, each on a deployed instance. */
export const STRESS_CONFIGS = [
  { name: 'lab 2 alone', flags: [] },
  { name: 'runtime killed mid-burst', flags: ['--kill-runtime'] },
  { name: 'lab 3 beside', flags: ['--lab3'] },
  { name: 'runtime killed, lab 3 beside', flags: ['--kill-runtime', '--lab3'] },
  { name: 'IAM off (an instance of its own)', flags: [], iamOff: true },
] as const;

export interface StressTotals {
  config: string;
  published: number;
  stored: number;
  inDlq: number;
  lost: number;
}

/** The last line of scripts/stress-orders.ts: "stress: N published, N stored, N in the DLQ, N lost (…)". */
export function parseStressSummary(config: string, output: string): StressTotals | undefined {
  const m = /^stress: (\d+) published, (\d+) stored, (\d+) in the DLQ, (\d+) lost/m.exec(output);
  return m ? { config, published: Number(m[1]), stored: Number(m[2]), inDlq: Number(m[3]), lost: Number(m[4]) } : undefined;
}

function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line) log(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

/**
 * Every configuration, `bursts` × 1,000 orders each: the first four on
 * `instance` as it runs, the IAM-off one on an instance of its own (started
 * with STREAMLAB_IAM=off, applied, and stopped again on port `iamOffPort`).
 */
export async function runStressMatrix(instance: string, bursts: number, iamOffPort: number, log: (line: string) => void): Promise<StressTotals[]> {
  const totals: StressTotals[] = [];
  for (const config of STRESS_CONFIGS) {
    const iamOff = 'iamOff' in config && config.iamOff;
    const on = iamOff ? 'stress-iam-off' : instance;
    log(`${config.name}: ${bursts} × 1000 orders on instance ${on}`);
    if (iamOff) {
      const apply = await runLogged('make', ['-s', 'apply', `INSTANCE=${on}`, `PORT=${iamOffPort}`], { STREAMLAB_IAM: 'off' }, () => undefined);
      if (apply.status !== 0) throw new Error(`make apply INSTANCE=${on} failed:\n${apply.output.slice(-2000)}`);
    }
    try {
      const run = await runLogged(process.execPath, ['--import', 'tsx', 'scripts/stress-orders.ts', '--bursts', String(bursts), ...config.flags], { STREAMLAB_INSTANCE: on }, (line) => log(`  ${line.trim()}`));
      const summary = parseStressSummary(config.name, run.output);
      if (!summary) throw new Error(`the stress run (${config.name}) ended without its summary:\n${run.output.slice(-2000)}`);
      totals.push(summary);
    } finally {
      if (iamOff) await runLogged('make', ['-s', 'down', `INSTANCE=${on}`], {}, () => undefined);
    }
  }
  return totals;
}
