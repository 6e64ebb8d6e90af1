// Lab 1: a message's latency from PutItem to its notification on the SQS test
// queue, one at a time and in a burst written as fast as possible (also with
// the stream mapping's ParallelizationFactor raised for the runs).
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { ScriptClients } from '@streamlab/kit/clients';
import { emptyQueue, receiveAll } from '@streamlab/kit/queues';
import { medianOf, summarize } from '@streamlab/kit/stats';
import type { Target } from '@streamlab/kit/target';
import { sleep } from '@streamlab/kit/wait';
import { putMessage } from '@streamlab/labs/messages';
import { parseEnvelope } from '@streamlab/labs/notifications';
import type { Bench } from './context.ts';
import { mappingsOf, updateMappings } from './mappings.ts';
import { fmt, spread } from './report.ts';

/**
 * Receives notifications until every wanted message_id was seen (or the
 * deadline); returns each one's time as `timeOf` reads it. With `pauseMs`, the
 * receiver waits that long after a partial batch: a burst's notifications
 * gather meanwhile, so the measurement does not compete with the burst (four
 * eager receivers made two requests per notification, half the emulator's
 * requests in a burst of lab 1).
 */
async function collect(clients: ScriptClients, url: string, wanted: Set<string>, deadline: number, timeOf: (m: Message) => number, pauseMs = 0): Promise<Map<string, number>> {
  const arrived = new Map<string, number>();
  const receiving = receiveAll(clients.sqs, url, { WaitTimeSeconds: 1, MessageSystemAttributeNames: ['SentTimestamp'], until: deadline, done: () => arrived.size >= wanted.size });
  for await (const messages of receiving) {
    for (const m of messages) {
      const id = parseEnvelope(m.Body ?? '')?.document.message.message_id;
      if (id && wanted.has(id) && !arrived.has(id)) arrived.set(id, timeOf(m));
    }
    if (arrived.size >= wanted.size) break;
    if (pauseMs > 0 && messages.length < 10) await sleep(pauseMs);
  }
  return arrived;
}

/** When a notification was received, on the bench's clock. */
const receivedNow = (): number => performance.now();
/** When a notification reached the queue: SQS's SentTimestamp (epoch ms), whenever it is received. */
const sentToQueue = (m: Message): number => Number(m.Attributes?.['SentTimestamp']);

/** n sequential messages: each one's time from PutItem to its notification, in ms. */
export async function lab1Latencies(target: Target, clients: ScriptClients, n: number): Promise<number[]> {
  const { messages_table: table, test_queue_url: queue } = target.lab1;
  await emptyQueue(clients, queue);
  const latencies: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const m = await putMessage(clients, table, { author: 'bench', text: `latency ${i}` });
    const arrived = await collect(clients, queue, new Set([m.message_id]), Date.now() + 10_000, receivedNow);
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
  const t0 = Date.now();
  const receiving = collect(clients, queue, new Set(items.map((i) => i.message_id)), Date.now() + 60_000, sentToQueue, 200);
  const chunks = Array.from({ length: Math.ceil(n / 25) }, (_, c) => items.slice(c * 25, c * 25 + 25));
  for (let c = 0; c < chunks.length; c += 4) {
    await Promise.all(chunks.slice(c, c + 4).map((chunk) => clients.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: chunk.map((item) => ({ PutRequest: { Item: marshall(item) } })) } }))));
  }
  const arrived = await receiving;
  const last = Math.max(...arrived.values());
  return { seconds: (last - t0) / 1000, lost: n - arrived.size };
}

export async function measureLab1Latency({ target, clients, runs, report, log }: Bench, n: number): Promise<void> {
  log(`Lab 1 latency: ${runs} × ${n} sequential messages, PutItem → notification on the SQS test queue`);
  const lat = [];
  for (let r = 0; r < runs; r += 1) {
    const s = summarize(await lab1Latencies(target, clients, n));
    lat.push(s);
    log(`  run ${r + 1}: p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms (${s.n}/${n} arrived)`);
  }
  for (const key of ['p50', 'p95', 'p99', 'max'] as const) report.add(`Lab 1 latency ${key}`, spread(medianOf(lat.map((s) => s[key])), 1, ' ms'));
  report.add('Lab 1 latency: lost', String(lat.reduce((sum, s) => sum + (n - s.n), 0)));
}

/** `runs` bursts of `n`, each logged. */
async function lab1Bursts({ target, clients, runs, log }: Bench, n: number): Promise<{ seconds: number; lost: number }[]> {
  const bursts = [];
  for (let r = 0; r < runs; r += 1) {
    const b = await lab1Burst(target, clients, n);
    bursts.push(b);
    log(`  run ${r + 1}: all notifications after ${fmt(b.seconds, 2)} s (${fmt(n / b.seconds)} msg/s), lost ${b.lost}`);
  }
  return bursts;
}

export async function measureLab1Burst(bench: Bench, n: number): Promise<void> {
  const { runs, report, log } = bench;
  log(`Lab 1 burst: ${runs} × ${n} messages written as fast as possible`);
  const bursts = await lab1Bursts(bench, n);
  report.add(`Lab 1 burst of ${n}: time to last notification (its SentTimestamp in the test queue)`, spread(medianOf(bursts.map((b) => b.seconds)), 2, ' s'));
  report.add('Lab 1 burst: throughput', spread(medianOf(bursts.map((b) => n / b.seconds)), 0, ' msg/s'));
  report.add('Lab 1 burst: lost', String(bursts.reduce((sum, b) => sum + b.lost, 0)));
}

/**
 * The same burst with the processor's stream mapping set to `factor` batches
 * at once (Lambda's ParallelizationFactor; the lab deploys 1, which exercise 5
 * relies on: its five records in one batch), then set back.
 */
export async function measureLab1BurstInParallel(bench: Bench, n: number, factor: number): Promise<void> {
  const { target, runs, report, log } = bench;
  const [mapping] = await mappingsOf(bench, [target.lab1.processor_function_name], true);
  if (!mapping?.UUID) throw new Error(`no stream mapping for ${target.lab1.processor_function_name}`);
  const deployed = mapping.ParallelizationFactor ?? 1;
  log(`Lab 1 burst with ParallelizationFactor ${factor}: ${runs} × ${n} messages (the lab deploys ${deployed})`);
  let bursts: { seconds: number; lost: number }[];
  try {
    await updateMappings(bench, [mapping.UUID], { ParallelizationFactor: factor });
    bursts = await lab1Bursts(bench, n);
  } finally {
    await updateMappings(bench, [mapping.UUID], { ParallelizationFactor: deployed });
  }
  report.add(`Lab 1 burst of ${n} with the stream mapping's ParallelizationFactor ${factor} (set for these runs): time to last notification`, spread(medianOf(bursts.map((b) => b.seconds)), 2, ' s'));
  report.add(`Lab 1 burst with ParallelizationFactor ${factor}: lost`, String(bursts.reduce((sum, b) => sum + b.lost, 0)));
}
