// Empties what the labs have written, without re-applying: every table's
// items, every queue's and DLQ's messages, and (local target) the outbox's
// notification emails and the trace. `make reset` runs it. Subscriptions,
// their confirmations and the deployment itself are left as they are.
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { BatchWriteItemCommand, DescribeTableCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { existsSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptClients } from '@streamlab/kit/clients';
import { depth } from './dead-letters.ts';
import { outboxDir, readOutbox } from './outbox.ts';
import { emptyQueue } from '@streamlab/kit/queues';
import type { Target } from '@streamlab/kit/target';

export function labTables(target: Target): string[] {
  const { lab1, lab2, lab3, lab4 } = target;
  // Lab 4's preferences are a learner's settings, not traffic: kept.
  return [lab1.messages_table, lab2.orders_table, lab3.submissions_table, lab3.idempotency_table, lab4.analytics_table, lab4.search_index_table];
}

export function labQueues(target: Target): string[] {
  const { lab1, lab2, lab3, lab4 } = target;
  const urls = [
    lab1.test_queue_url, lab1.test_queue_dlq_url, lab1.subscription_dlq_url, lab1.stream_failures_queue_url,
    lab2.order_queue_url, lab2.order_dlq_url,
    lab3.ingest_queue_url, lab3.ingest_dlq_url, lab3.ingest_subscription_dlq, lab3.processor_dlq_url, lab3.replies_queue_url,
    lab4.filtered_queue_url, lab4.digest_archive_queue_url, lab4.stream_failures_queue,
  ];
  return urls.filter((u): u is string => Boolean(u));
}

/** Deletes every item of a table; returns how many. */
export async function emptyTable(clients: Pick<ScriptClients, 'dynamodb'>, table: string): Promise<number> {
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const keys = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
  let deleted = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({ TableName: table, ProjectionExpression: keys.map((_, i) => `#k${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(keys.map((k, i) => [`#k${i}`, k])), ExclusiveStartKey: start }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      while (requests.length > 0) {
        const r = await clients.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = (r.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
    deleted += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
}

export interface ResetSummary {
  items: number;
  tables: number;
  messages: number;
  queues: number;
  emails?: number;
  trace?: boolean;
}

/**
 * Deleting lab 1's messages streams REMOVE records, and the stream processor
 * notifies each deletion: wait until its notifications stop arriving on the
 * test queue (quiet for 3 s, at most 60 s), so that the queues are emptied after them.
 */
async function waitForDeleteNotifications(clients: ScriptClients, testQueue: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < 3000) {
    const { visible } = await depth(clients, testQueue);
    if (visible !== last) quietSince = Date.now();
    last = visible;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A message in flight (a function is processing it, or failed it and it waits
 * out its visibility timeout) cannot be received, so emptying leaves it: it
 * would come back after the reset. PurgeQueue deletes those too. SQS allows one
 * purge per queue per 60 s, so only queues that still hold one are purged.
 */
async function purgeInFlight(clients: ScriptClients, queues: string[]): Promise<number> {
  let purged = 0;
  for (const url of queues) {
    const { inFlight } = await depth(clients, url);
    if (inFlight === 0) continue;
    try {
      await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      purged += inFlight;
    } catch (error) {
      // A purge within the last 60 s is still deleting them.
      if ((error as Error).name !== 'PurgeQueueInProgress') throw error;
    }
  }
  return purged;
}

/**
 * Empties every queue until one whole pass finds them all empty (at most 60 s).
 * One pass is not enough: while a source queue is emptied, a poller may
 * receive a message one receive past maxReceiveCount, and SQS then moves it to
 * a dead-letter queue that was already emptied.
 */
async function emptyQueues(clients: ScriptClients, queues: string[]): Promise<number> {
  const deadline = Date.now() + 60_000;
  let removed = 0;
  for (;;) {
    const depths = await Promise.all(queues.map((q) => depth(clients, q)));
    if (depths.every((d) => d.visible === 0 && d.inFlight === 0) || Date.now() > deadline) return removed;
    const emptied = await Promise.all(queues.map((q) => emptyQueue(clients, q)));
    removed += emptied.reduce((a, b) => a + b, 0) + (await purgeInFlight(clients, queues));
  }
}

export async function resetLab(target: Target, clients: ScriptClients): Promise<ResetSummary> {
  const tables = labTables(target);
  const counts = await Promise.all(tables.map((t) => emptyTable(clients, t)));
  const items = counts.reduce((a, b) => a + b, 0);
  if (counts[0]! > 0) await waitForDeleteNotifications(clients, target.lab1.test_queue_url);
  const queues = labQueues(target);
  const messages = await emptyQueues(clients, queues);
  const summary: ResetSummary = { items, tables: tables.length, messages, queues: queues.length };
  if (target.endpoint) {
    // Confirmation emails stay: an unconfirmed subscription still needs its link (make confirm).
    const notifications = readOutbox(outboxDir(target.stateDir)).filter((m) => !/Subscription Confirmation/i.test(m.headers['subject'] ?? ''));
    for (const m of notifications) rmSync(m.file);
    summary.emails = notifications.length;
    const trace = join(target.stateDir, 'trace.jsonl');
    if (existsSync(trace)) truncateSync(trace);
    summary.trace = existsSync(trace);
  }
  return summary;
}
