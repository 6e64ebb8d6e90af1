// Lab 2: a burst of orders published at once until all are stored, and the
// stress matrix (make stress) counting every order stored, in the DLQ or lost.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { ScriptClients } from '@streamlab/kit/clients';
import { medianOf } from '@streamlab/kit/stats';
import type { Target } from '@streamlab/kit/target';
import { runStressMatrix } from '@streamlab/labs/order-stress';
import { generatedOrder, publishOrders } from '@streamlab/labs/orders';
import { type Bench, sleep } from './context.ts';
import { fmt, spread } from './report.ts';

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

export async function measureLab2Burst({ target, clients, runs, report, log }: Bench, n: number): Promise<void> {
  log(`Lab 2 burst: ${runs} × ${n} orders published at once`);
  const bursts = [];
  for (let r = 0; r < runs; r += 1) {
    const b = await lab2Burst(target, clients, n);
    bursts.push(b);
    log(`  run ${r + 1}: ${b.stored}/${n} stored after ${fmt(b.seconds, 2)} s (${fmt(b.stored / b.seconds)} orders/s)`);
  }
  report.add(`Lab 2 burst of ${n}: time until all stored`, spread(medianOf(bursts.map((b) => b.seconds)), 2, ' s'));
  report.add('Lab 2 burst: throughput', spread(medianOf(bursts.map((b) => b.stored / b.seconds)), 0, ' orders/s'));
  report.add('Lab 2 burst: not stored', String(bursts.reduce((sum, b) => sum + n - b.stored, 0)));
}

/** The stress matrix on an IAM-off instance of its own on `port` (make stress). */
export async function measureStress({ target, report, log }: Bench, bursts: number, port: number): Promise<void> {
  log(`Lab 2 under stress: ${bursts} × 1000 orders in each configuration (make stress STRESS_ARGS="--all --bursts ${bursts}")`);
  for (const t of await runStressMatrix(target.instance, bursts, port, (line) => log(`  ${line}`))) {
    report.add(`Lab 2 stress, ${t.config}: published / stored / in DLQ / lost`, `${t.published} / ${t.stored} / ${t.inDlq} / ${t.lost}`);
  }
}
