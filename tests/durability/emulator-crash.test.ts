// Durability (issue #28): the emulator is killed with SIGKILL in the middle of
// a burst through all three labs (1,000 orders, 1,000 webhook messages and a
// lab 1 batch write), then started again with `make up` (local/up.sh) while the
// runtime keeps running. Every request the emulator answered with a 2xx before
// the kill has its effect: stored, delivered or in a DLQ. Requests that failed
// while it was down were never acknowledged and are only counted.
import { BatchWriteItemCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peek } from '@streamlab/labs/dead-letters';
import { fetchHopCounts, formatHops, lab2Hops } from '@streamlab/labs/hops';
import { getMessage } from '@streamlab/labs/messages';
import { waitForNotifications } from '@streamlab/labs/notifications';
import { generatedOrder, scanOrders } from '@streamlab/labs/orders';
import { emptyQueue } from '@streamlab/kit/queues';
import { readReplies } from '@streamlab/labs/replies';
import { allSubmissions } from '@streamlab/labs/submissions';
import { REPO_ROOT } from '@streamlab/kit/target';
import { redeliver, sampleMessage } from '@streamlab/labs/webhooks';
import { clients, lab, sleep, target, waitUntilSettled } from '../lab3-e2e/harness.ts';
import { emulatorPid } from './support.ts';

const N = 1000;
const LAB1_BATCHES = 8; // of 25 items: BatchWriteItem's most

async function itemCount(table: string): Promise<number> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
}

/** Each call's outcome: the ids it acknowledged, and how many calls failed (never acknowledged). */
interface Outcome {
  acked: string[];
  failed: number;
}

async function publishOrders(topicArn: string, orders: { orderId: string; body: string }[]): Promise<Outcome> {
  const outcome: Outcome = { acked: [], failed: 0 };
  for (let i = 0; i < orders.length; i += 10) {
    const chunk = orders.slice(i, i + 10);
    try {
      const { Failed = [] } = await clients.sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: chunk.map((o, j) => ({ Id: String(j), Message: o.body })) }));
      const refused = new Set(Failed.map((f) => Number(f.Id)));
      outcome.acked.push(...chunk.filter((_, j) => !refused.has(j)).map((o) => o.orderId));
      outcome.failed += refused.size;
    } catch {
      outcome.failed += chunk.length;
    }
  }
  return outcome;
}

async function sendWebhooks(ids: string[], runId: string): Promise<Outcome> {
  const outcome: Outcome = { acked: [], failed: 0 };
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map(async (id, j) => {
        try {
          await redeliver(clients, target, id, { ...sampleMessage(i + j, { text: `crash test ${runId}` }), client_type: 'web' });
          outcome.acked.push(id);
        } catch {
          outcome.failed += 1;
        }
      }),
    );
  }
  return outcome;
}

async function writeLab1Messages(runId: string): Promise<Outcome> {
  const outcome: Outcome = { acked: [], failed: 0 };
  for (let b = 0; b < LAB1_BATCHES; b += 1) {
    const items = Array.from({ length: 25 }, (_, i) => ({ message_id: `crash-${runId}-${b}-${i}`, author: 'durability', text: `message ${i} of batch ${b}`, timestamp: new Date().toISOString() }));
    try {
      const { UnprocessedItems = {} } = await clients.dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: { [target.lab1.messages_table]: items.map((item) => ({ PutRequest: { Item: marshall(item) } })) } }),
      );
      const unprocessed = new Set((UnprocessedItems[target.lab1.messages_table] ?? []).map((r) => r.PutRequest?.Item?.['message_id']?.S));
      outcome.acked.push(...items.map((i) => i.message_id).filter((id) => !unprocessed.has(id)));
      outcome.failed += unprocessed.size;
    } catch {
      outcome.failed += items.length;
    }
    await sleep(700); // spread over the kill
  }
  return outcome;
}

test(`an emulator killed mid-burst (${N} orders + ${N} webhooks + a lab 1 batch write) and restarted keeps every acknowledged request`, async () => {
  assert.is(lab.delivery_mode, 'sns', 'runs on the default deployment');
  const lab2 = target.lab2;
  await emptyQueue(clients, lab2.order_dlq_url);
  await emptyQueue(clients, lab.processor_dlq_url);
  await emptyQueue(clients, target.lab1.test_queue_url);
  await readReplies(clients, lab.replies_queue_url, { quietMs: 0, timeoutMs: 5000 });

  const runId = randomUUID().slice(0, 6);
  const orders = Array.from({ length: N }, (_, i) => {
    const order = generatedOrder(i, runId);
    return { orderId: order.orderId, body: JSON.stringify(order) };
  });
  const webhookIds = Array.from({ length: N }, () => randomUUID());
  const started = Date.now();
  const publishing = Promise.all([publishOrders(lab2.order_topic_arn, orders), sendWebhooks(webhookIds, runId), writeLab1Messages(runId)]);
  await sleep(4000); // the burst is under way
  process.kill(-emulatorPid(), 'SIGKILL'); // its whole process group: granian and its worker
  await sleep(1000);
  const restart = spawnSync('bash', ['local/up.sh', target.instance, new URL(target.endpoint!).port], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(restart.status, 0, restart.stderr);
  const recovered = /state: .*/.exec(restart.stdout)?.[0] ?? '';
  console.log(`      emulator killed at 4 s, restarted in ${((Date.now() - started) / 1000 - 5).toFixed(1)} s: ${recovered}`);
  assert.match(recovered, /replayed \d+ journal records/);
  const [orderOutcome, webhookOutcome, lab1Outcome] = await publishing;
  console.log(
    `      acknowledged: ${orderOutcome.acked.length} orders (${orderOutcome.failed} refused while it was down), ${webhookOutcome.acked.length} webhooks (${webhookOutcome.failed}), ${lab1Outcome.acked.length} lab 1 messages (${lab1Outcome.failed})`,
  );
  assert.ok(orderOutcome.acked.length > 0 && webhookOutcome.acked.length > 0 && lab1Outcome.acked.length > 0, 'each lab had requests acknowledged');

  const ackedWebhooks = new Set(webhookOutcome.acked);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ordersDone = (await itemCount(lab2.orders_table)) + orderOutcome.failed >= N;
    const subs = (await allSubmissions(clients, lab.submissions_table)).filter((s) => ackedWebhooks.has(s.message_id)).length;
    const dead = (await peek(clients, lab.processor_dlq_url, N)).length;
    if ((ordersDone && subs + dead >= ackedWebhooks.size) || Date.now() > deadline) break;
    await sleep(3000);
  }
  await waitUntilSettled(300_000);

  const stored = new Set((await scanOrders(clients, lab2.orders_table)).map((o) => o.orderId));
  const orderDlq = (await peek(clients, lab2.order_dlq_url, N)).map((m) => m.Body ?? '');
  const lostOrders = orderOutcome.acked.filter((id) => !stored.has(id) && !orderDlq.some((body) => body.includes(id)));
  const subs = (await allSubmissions(clients, lab.submissions_table)).filter((s) => ackedWebhooks.has(s.message_id));
  const completed = new Set(subs.filter((s) => s.status === 'completed').map((s) => s.message_id));
  const dead = (await peek(clients, lab.processor_dlq_url, N)).map((m) => m.Body ?? '');
  const lostWebhooks = webhookOutcome.acked.filter((id) => !completed.has(id) && !dead.some((body) => body.includes(id)));
  const missingItems: string[] = [];
  for (const id of lab1Outcome.acked) if (!(await getMessage(clients, target.lab1.messages_table, id))) missingItems.push(id);
  const notified = await waitForNotifications(clients, target.lab1.test_queue_url, lab1Outcome.acked, 120_000);
  console.log(
    `      after ${((Date.now() - started) / 1000).toFixed(0)} s: orders stored ${orderOutcome.acked.filter((id) => stored.has(id)).length}, in DLQ ${orderDlq.length}; submissions completed ${completed.size}, Lambda DLQ ${dead.length}; lab 1 items ${lab1Outcome.acked.length - missingItems.length}, notified ${notified.found.size}`,
  );
  const hops = await lab2Hops(target, clients, await fetchHopCounts(target));
  console.log(formatHops('      lab 2, hop by hop, across the crash:', hops).replaceAll('\n', '\n      '));
  assert.equal(hops.filter((h) => h.gap).map((h) => `${h.hop}: ${h.gap}`), [], 'every hop of lab 2 adds up across the crash');
  assert.equal(lostOrders, [], 'every acknowledged order is stored or in OrderDeadLetterQueue');
  assert.is(new Set(subs.map((s) => s.message_id)).size, subs.length, 'one submission per message_id');
  assert.equal(lostWebhooks, [], 'every acknowledged webhook message is completed or in the Lambda DLQ');
  assert.equal(missingItems, [], 'every acknowledged lab 1 item is in the table');
  assert.equal(notified.missing, [], 'every acknowledged lab 1 item was notified (its stream record delivered)');
});

test.run();
