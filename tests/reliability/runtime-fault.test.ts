// Reliability (issue #6): the local runtime is killed (SIGKILL) in the middle of
// a 1,000-message burst through lab 2 (orders, SQS) and 1,000 through lab 3
// (webhook messages, SNS push), then started again. Every message is processed
// or sits in a DLQ: none is lost, and the idempotent paths store each once.
// (At the tests' time scale, async retries come within 2 s, while an
// interrupted invocation's idempotency lock lasts until its 10 s timeout; a
// message caught mid-invocation can therefore end in the Lambda DLQ, which the
// rule allows. At the default time scale the retries wait long enough.)
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peek } from '@streamlab/labs/dead-letters';
import { fetchHopCounts, formatHops, lab2Hops } from '@streamlab/labs/hops';
import { generatedOrder, publishOrders, scanOrders } from '@streamlab/labs/orders';
import { emptyQueue } from '@streamlab/kit/queues';
import { readReplies } from '@streamlab/labs/replies';
import { allSubmissions } from '@streamlab/labs/submissions';
import { REPO_ROOT } from '@streamlab/kit/target';
import { redeliver, sampleMessage } from '@streamlab/labs/webhooks';
import { clients, lab, sleep, target, waitUntilSettled } from '../lab3-e2e/harness.ts';

const N = 1000;

async function itemCount(table: string): Promise<number> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
}

async function visible(url: string): Promise<number> {
  const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes['ApproximateNumberOfMessages'] ?? 0);
}

test(`a runtime killed mid-burst (${N} orders + ${N} webhook messages) and restarted loses nothing and stores each once`, async () => {
  assert.is(lab.delivery_mode, 'sns', 'runs on the default deployment');
  const lab2 = target.lab2;
  await emptyQueue(clients, lab2.order_dlq_url);
  await emptyQueue(clients, lab.processor_dlq_url);
  await readReplies(clients, lab.replies_queue_url, { quietMs: 0, timeoutMs: 5000 });

  const ordersBefore = await itemCount(lab2.orders_table);
  const submissionsBefore = await itemCount(lab.submissions_table);
  const runId = randomUUID().slice(0, 6);
  const orders = Array.from({ length: N }, (_, i) => JSON.stringify(generatedOrder(i, runId)));
  const webhookIds: string[] = Array.from({ length: N }, () => randomUUID());
  const started = Date.now();
  const publishing = Promise.all([
    publishOrders(clients, lab2.order_topic_arn, orders),
    (async () => {
      for (let i = 0; i < N; i += 20) {
        await Promise.all(webhookIds.slice(i, i + 20).map((id, j) => redeliver(clients, target, id, { ...sampleMessage(i + j, { text: `fault test ${runId}` }), client_type: 'web' })));
      }
    })(),
  ]);
  await sleep(4000); // the burst is under way
  process.kill(Number(readFileSync(join(target.stateDir, 'runtime.pid'), 'utf8')), 'SIGKILL');
  await sleep(1000);
  const restart = spawnSync('bash', ['local/up.sh', target.instance, new URL(target.endpoint!).port], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(restart.status, 0, restart.stderr);
  await publishing;
  console.log(`      published ${2 * N} messages in ${((Date.now() - started) / 1000).toFixed(1)} s (runtime killed at 4 s)`);

  const ours = new Set<string>(webhookIds);
  // Progress from item counts (DescribeTable counts live on the emulator): a
  // Scan of thousands of items every few seconds would slow the burst itself.
  const deadline = Date.now() + 300_000;
  for (;;) {
    const orders = (await itemCount(lab2.orders_table)) - ordersBefore;
    const submissions = (await itemCount(lab.submissions_table)) - submissionsBefore;
    const dead = (await visible(lab2.order_dlq_url)) + (await visible(lab.processor_dlq_url));
    if (orders + submissions + dead >= 2 * N || Date.now() > deadline) break;
    await sleep(2000);
  }
  // Every message has a submission or a DLQ entry by now, but redelivered
  // copies may still wait in the async inbox (each is skipped as a duplicate);
  // on a machine that runs the other suites too, that drain took over 120 s.
  await waitUntilSettled(300_000);
  const stored = (await scanOrders(clients, lab2.orders_table)).filter((o) => o.orderId.startsWith(`order-${runId}-`)).length;
  const orderDlq = (await peek(clients, lab2.order_dlq_url, N)).length;
  const dead = await peek(clients, lab.processor_dlq_url, N);
  const subs = (await allSubmissions(clients, lab.submissions_table)).filter((s) => ours.has(s.message_id));
  const completed = subs.filter((s) => s.status === 'completed').length;
  const replies = (await readReplies(clients, lab.replies_queue_url, { quietMs: 3000, timeoutMs: 120_000, atLeast: completed })).filter((r) => ours.has(r.message_id));
  console.log(
    `      after ${((Date.now() - started) / 1000).toFixed(0)} s: orders stored ${stored}, in DLQ ${orderDlq}; submissions completed ${completed}, events in the Lambda DLQ ${dead.length}; replies ${replies.length} for ${new Set(replies.map((r) => r.message_id)).size} message_ids`,
  );
  const hops = await lab2Hops(target, clients, await fetchHopCounts(target));
  console.log(formatHops('      lab 2, hop by hop, since the test instance started:', hops).replaceAll('\n', '\n      '));
  assert.equal(hops.filter((h) => h.gap).map((h) => `${h.hop}: ${h.gap}`), [], 'every hop of lab 2 adds up');
  assert.is(stored + orderDlq, N, 'every order is stored or in OrderDeadLetterQueue');
  assert.is(new Set(subs.map((s) => s.message_id)).size, subs.length, 'one submission per message_id');
  assert.is(completed + dead.length, N, 'every webhook message is completed or in the Lambda DLQ');
  assert.is(new Set(replies.map((r) => r.message_id)).size, completed, 'a reply for every completed submission');
});

test.run();
