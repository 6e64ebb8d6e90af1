// Every hop of each lab's path, counted: the emulator's hop counts (messages
// published, delivered, sent, received, deleted, moved to a DLQ, written; see
// local/emulator/hop_counts.py) beside the records the runtime handed to each
// function (the trace). A gap between two hops shows where messages went.
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOP_COUNTS_PATH, type HopCounts, type QueueHopCounts } from '../../../local/runtime/protocol.ts';
import { nameOf } from '@streamlab/kit/arn';
import { SetupError } from '@streamlab/kit/errors';
import type { ScriptClients } from '@streamlab/kit/clients';
import type { Target } from '@streamlab/kit/target';
import { completeLines } from '@streamlab/kit/trace-lines';

export async function fetchHopCounts(target: Target): Promise<HopCounts> {
  if (!target.endpoint) throw new SetupError('hop counts are the local emulator\'s; on AWS read the SNS and SQS metrics in CloudWatch');
  const response = await fetch(new URL(HOP_COUNTS_PATH, target.endpoint)).catch((error: Error) => {
    throw new SetupError(`the emulator at ${target.endpoint} does not answer (${error.message}): start it with \`make up\``);
  });
  if (!response.ok) throw new SetupError(`the emulator answered ${response.status} for ${HOP_COUNTS_PATH}: restart it with \`make down up\``);
  return (await response.json()) as HopCounts;
}

/** Records the runtime handed to each function (by name) since `since` (ISO 8601), from the instance's trace. */
export function recordsByFunction(stateDir: string, since: string): Map<string, { invocations: number; records: number }> {
  const file = join(stateDir, 'trace.jsonl');
  const out = new Map<string, { invocations: number; records: number }>();
  if (!existsSync(file)) return out;
  for (const line of completeLines(readFileSync(file, 'utf8'))) {
    if (!line.includes('"kind":"invoke"')) continue;
    const event = JSON.parse(line) as { kind: string; time: string; function?: string; batchSize?: number };
    if (event.kind !== 'invoke' || !event.function || event.time < since) continue;
    const name = nameOf(event.function);
    const seen = out.get(name) ?? { invocations: 0, records: 0 };
    seen.invocations += 1;
    seen.records += event.batchSize ?? 1;
    out.set(name, seen);
  }
  return out;
}

/** One hop: what was counted where, and whether it is consistent with the hop before. */
export interface Hop {
  hop: string;
  resource: string;
  count: number;
  detail?: string;
  /** Why this count does not add up, when it does not. */
  gap?: string;
}

async function queueArn(clients: ScriptClients, url: string): Promise<string> {
  const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return Attributes['QueueArn']!;
}

async function tableArn(clients: ScriptClients, table: string): Promise<string> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table!.TableArn!;
}

async function subscriptionTo(clients: ScriptClients, topicArn: string, endpoint: string): Promise<string | undefined> {
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return Subscriptions.find((s) => s.Endpoint === endpoint)?.SubscriptionArn;
}

function queueDetail(q: QueueHopCounts | undefined): string {
  const byCount = Object.entries(q?.by_receive_count ?? {}).map(([n, c]) => `${c} on receive ${n}`).join(', ');
  return byCount ? `(${byCount})` : '';
}

/**
 * Lab 2's path, hop by hop: OrderTopic → OrderQueue → OrderProcessor → Orders,
 * with OrderDeadLetterQueue. Each message is accounted for when
 * sent = deleted + to DLQ + still in the queue (+ purged or moved), and the
 * queue's "left by no known path" is 0.
 */
export async function lab2Hops(target: Target, clients: ScriptClients, counts: HopCounts): Promise<Hop[]> {
  const lab = target.lab2;
  const [orderQueue, dlq, table] = await Promise.all([queueArn(clients, lab.order_queue_url), queueArn(clients, lab.order_dlq_url), tableArn(clients, lab.orders_table)]);
  const subscription = await subscriptionTo(clients, lab.order_topic_arn, orderQueue);
  const topic = counts.topic[lab.order_topic_arn] ?? {};
  const sub = (subscription && counts.subscription[subscription]) || {};
  const q = counts.queue[orderQueue];
  const d = counts.queue[dlq];
  const fn = recordsByFunction(target.stateDir, counts.since).get(nameOf(lab.processor_function_name)) ?? { invocations: 0, records: 0 };
  const topicName = nameOf(lab.order_topic_arn);
  const queueName = nameOf(orderQueue);
  const attempted = sub.attempted ?? 0;
  const delivered = sub.delivered ?? 0;
  const failed = sub.failed ?? 0;
  const sent = q?.sent ?? 0;
  const hops: Hop[] = [
    { hop: 'published (Publish, PublishBatch entries)', resource: topicName, count: topic.published ?? 0 },
    { hop: 'deliveries attempted', resource: `${topicName} → ${queueName}`, count: attempted },
    { hop: 'deliveries made', resource: `${topicName} → ${queueName}`, count: delivered, detail: failed ? `(${failed} failed)` : '', gap: delivered + failed !== attempted ? `${attempted - delivered - failed} attempted but neither delivered nor failed` : undefined },
    { hop: 'messages added', resource: queueName, count: sent, gap: sent < delivered ? `${delivered - sent} delivered but never added` : undefined },
    { hop: 'messages received', resource: queueName, count: q?.received ?? 0, detail: queueDetail(q) },
    { hop: 'records handed to invocations', resource: nameOf(lab.processor_function_name), count: fn.records, detail: `(${fn.invocations} invocations)` },
    { hop: 'messages deleted', resource: queueName, count: q?.deleted ?? 0 },
    { hop: 'messages moved to the DLQ', resource: `${queueName} → ${nameOf(dlq)}`, count: q?.to_dlq ?? 0, detail: d ? `(${d.present} in the DLQ now)` : '' },
    { hop: 'messages still in the queue', resource: queueName, count: q?.present ?? 0 },
    { hop: 'messages purged or moved out', resource: queueName, count: (q?.purged ?? 0) + (q?.moved_out ?? 0) },
    { hop: 'messages that left by no known path', resource: queueName, count: q?.unaccounted ?? 0, gap: q?.unaccounted ? `${q.unaccounted} message(s) lost by the queue` : undefined },
    { hop: 'items written', resource: nameOf(table), count: counts.table[table]?.written ?? 0 },
  ];
  return hops;
}

export function formatHops(title: string, hops: Hop[]): string {
  const width = Math.max(...hops.map((h) => h.hop.length));
  const resourceWidth = Math.max(...hops.map((h) => h.resource.length));
  const counted = Math.max(...hops.map((h) => String(h.count).length));
  const lines = hops.map((h) => `  ${h.gap ? '✗' : ' '} ${h.hop.padEnd(width)}  ${String(h.count).padStart(counted)}  ${h.resource.padEnd(resourceWidth)} ${h.detail ?? ''}${h.gap ? `  ← ${h.gap}` : ''}`.trimEnd());
  return [title, ...lines].join('\n');
}

/** Lab 2's hops as `make hops` prints them; returns how many do not add up. */
export async function printLab2Hops(target: Target, clients: ScriptClients): Promise<number> {
  const counts = await fetchHopCounts(target);
  const hops = await lab2Hops(target, clients, counts);
  console.log(formatHops(`Lab 2, since the emulator started (${counts.since}):`, hops));
  const gaps = hops.filter((h) => h.gap).length;
  if (gaps > 0) console.log(`✗ ${gaps} hop(s) do not add up`);
  return gaps;
}
