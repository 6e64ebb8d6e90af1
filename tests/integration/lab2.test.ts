// Lab 2 against the emulator: SNS → SQS (visibility timeout 30 s, DLQ after 3
// receives) → OrderProcessor → Orders. These tests wait for real visibility
// timeouts, so a poison order takes about 90 s to reach the DLQ.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createHash, randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { depth, peek, redrive } from '@streamlab/labs/dead-letters';
import { generatedOrder, getOrder, poisonOrder, publishOrders, scanOrders, type StoredOrder } from '@streamlab/labs/orders';
import { until } from '../support.ts';
import { clients, logs, sleep, target } from './harness.ts';

const lab = target.lab2;
const lambda = new LambdaClient(target.clientConfig);
const runId = randomUUID().slice(0, 6);
const valid = Array.from({ length: 100 }, (_, i) => JSON.stringify(generatedOrder(i, runId)));
const poison = Array.from({ length: 10 }, (_, i) => JSON.stringify(poisonOrder(i, runId)));
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

async function ordersOfThisRun(): Promise<StoredOrder[]> {
  return (await scanOrders(clients, lab.orders_table)).filter((o) => o.orderId.startsWith(`order-${runId}-`) && !o.orderId.includes('poison'));
}

let stored: StoredOrder[] = [];

test('100 valid and 10 poison orders: exactly 100 stored, exactly 10 in the DLQ after 3 receives each, bodies intact', async () => {
  const shuffled = [...valid, ...poison].sort(() => Math.random() - 0.5);
  await publishOrders(clients, lab.order_topic_arn, shuffled);

  // Generous limits: a batch that times out on a busy machine comes back after
  // the 30 s visibility timeout, as on AWS, and is stored then.
  stored = await until('100 stored orders', 180_000, async () => {
    const found = await ordersOfThisRun();
    return found.length >= 100 ? found : undefined;
  });
  assert.is(stored.length, 100);

  await until('10 messages in OrderDeadLetterQueue', 240_000, async () => ((await depth(clients, lab.order_dlq_url)).visible >= 10 ? true : undefined));
  await sleep(1000);
  const d = await depth(clients, lab.order_dlq_url);
  assert.equal(d, { visible: 10, inFlight: 0 });
  assert.equal(await depth(clients, lab.order_queue_url), { visible: 0, inFlight: 0 }, 'nothing left in OrderQueue');

  const dead = await peek(clients, lab.order_dlq_url, 20);
  assert.is(dead.length, 10);
  const published = new Set(poison);
  for (const m of dead) {
    const envelope = JSON.parse(m.Body!) as { Message: string };
    assert.ok(published.has(envelope.Message), 'the DLQ body carries the published order byte for byte');
    assert.is(m.MD5OfBody, md5(m.Body!), 'the body SQS holds is the body it was sent');
    // SQS counts every receive: 3 by the event source mapping, +1 for this look.
    assert.is(m.Attributes?.['ApproximateReceiveCount'], '4');
  }

  // The function saw each poison message exactly 3 times: receives 1, 2 and 3.
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: lab.processor_log_group_name, filterPattern: '"Order failed"' }));
  for (const m of dead) {
    const counts = events
      .map((e) => JSON.parse(e.message!.slice(e.message!.indexOf('{'))) as { messageId?: string; receiveCount?: number })
      .filter((e) => e.messageId === m.MessageId)
      .map((e) => e.receiveCount)
      .sort();
    assert.equal(counts, [1, 2, 3], `receives of ${m.MessageId}`);
  }
});

test('publishing the same 100 orders again changes nothing', async () => {
  await publishOrders(clients, lab.order_topic_arn, valid);
  await until('OrderQueue drained', 180_000, async () => {
    const q = await depth(clients, lab.order_queue_url);
    return q.visible + q.inFlight === 0 ? true : undefined;
  });
  await sleep(500);
  const again = await ordersOfThisRun();
  assert.is(again.length, 100);
  const before = new Map(stored.map((o) => [o.orderId, o]));
  for (const o of again) assert.equal(o, before.get(o.orderId), `order ${o.orderId} is untouched`);
  assert.is((await depth(clients, lab.order_dlq_url)).visible, 10, 'no new dead letters');
});

test('an older version of an order never overwrites a newer status', async () => {
  const base = generatedOrder(0, `${runId}-versions`);
  const newer = { ...base, status: 'SHIPPED', timestamp: '2026-11-22T12:00:00Z' };
  const older = { ...base, status: 'PENDING', timestamp: '2026-11-22T11:00:00Z' };
  await publishOrders(clients, lab.order_topic_arn, [JSON.stringify(newer)]);
  await until('the newer version', 60_000, async () => (await getOrder(clients, lab.orders_table, base.orderId))?.status === 'SHIPPED' || undefined);
  await publishOrders(clients, lab.order_topic_arn, [JSON.stringify(older)]);
  await until('OrderQueue drained', 60_000, async () => {
    const q = await depth(clients, lab.order_queue_url);
    return q.visible + q.inFlight === 0 ? true : undefined;
  });
  await sleep(300);
  assert.is((await getOrder(clients, lab.orders_table, base.orderId))?.status, 'SHIPPED');
});

test('a redrive returns every DLQ message to OrderQueue and loses none', async () => {
  const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({}));
  const mapping = EventSourceMappings.find((m) => m.FunctionArn?.endsWith(`:function:${lab.processor_function_name}`));
  assert.ok(mapping, 'the OrderQueue event source mapping exists');
  // Pause the consumer so the redriven messages can be counted in the queue.
  await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping!.UUID, Enabled: false }));
  // A long poll waiting for the mapping ends empty the moment it is disabled
  // (local/emulator/sqs_mapping_polls.py); a second lets a batch received
  // just before settle.
  await sleep(1000);
  try {
    const deadBodies = (await peek(clients, lab.order_dlq_url, 20)).map((m) => m.Body!).sort();
    assert.is(deadBodies.length, 10);
    const result = await redrive(target, clients, lab.order_dlq_url);
    assert.is(result.moved, 10);
    assert.equal(await depth(clients, lab.order_dlq_url), { visible: 0, inFlight: 0 });
    const back = (await peek(clients, lab.order_queue_url, 20)).map((m) => m.Body!).sort();
    assert.equal(back, deadBodies, 'the same 10 bodies, byte for byte');
  } finally {
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping!.UUID, Enabled: true }));
  }
});

test.run();
