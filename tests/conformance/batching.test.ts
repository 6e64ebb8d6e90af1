// Batching windows, filters, concurrency and FIFO order: each test names the AWS
// Lambda developer guide page whose rule it checks.
import { BatchWriteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMapping, createProbe, createQueue, createStreamTable, ddb, drainQueue, invocations, lambda, removeCreated, sleep, sqs, unique } from './harness.ts';

test('services-ddb-params: MaximumBatchingWindowInSeconds gathers records into one batch', async () => {
  const probe = await createProbe('ddb-window');
  const { tableName, streamArn } = await createStreamTable(unique('ddb-window'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 100, MaximumBatchingWindowInSeconds: 2 });
  for (let i = 0; i < 5; i += 1) {
    await ddb.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: `w${i}` }, action: { S: 'ok' } } }));
    await sleep(200);
  }
  const calls = await invocations(probe, 1, 10_000, 1500);
  assert.equal(calls.map((c) => c.items.length), [5], 'one invocation with all five records');
});

test('invocation-eventfiltering: stream records that match no filter pattern are not delivered', async () => {
  const probe = await createProbe('ddb-filter');
  const { tableName, streamArn } = await createStreamTable(unique('ddb-filter'));
  await createMapping({
    FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
  });
  await ddb.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: 'f1' }, action: { S: 'ok' } } }));
  await ddb.send(new UpdateItemCommand({ TableName: tableName, Key: { id: { S: 'f1' } }, UpdateExpression: 'SET note = :n', ExpressionAttributeValues: { ':n': { S: 'x' } } }));
  await ddb.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: 'f2' }, action: { S: 'ok' } } }));
  const calls = await invocations(probe, 1, 10_000, 1500);
  assert.equal(calls.flatMap((c) => c.items.map((i) => i.id)), ['f1', 'f2'], 'the MODIFY was filtered out');
});

test('invocation-eventfiltering: SQS messages that match no pattern are deleted without an invocation', async () => {
  const probe = await createProbe('sqs-filter');
  const queue = await createQueue(unique('sqs-filter'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { id: [{ prefix: 'keep' }] } }) }] } });
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: ['keep-1', 'drop-1', 'keep-2', 'drop-2'].map((id, i) => ({ Id: String(i), MessageBody: JSON.stringify({ id }) })) }));
  const calls = await invocations(probe, 1, 10_000, 1500);
  assert.equal(calls.flatMap((c) => c.items.map((i) => i.id)).sort(), ['keep-1', 'keep-2']);
  assert.equal(await drainQueue(queue.url, 1, 1500), [], 'the filtered messages are gone from the queue');
});

test('services-sqs-parameters: BatchSize over 10 with a batching window delivers one large batch', async () => {
  const probe = await createProbe('sqs-window');
  const queue = await createQueue(unique('sqs-window'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 25, MaximumBatchingWindowInSeconds: 1, ScalingConfig: { MaximumConcurrency: 2 } });
  for (let i = 0; i < 25; i += 5) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: Array.from({ length: 5 }, (_, j) => ({ Id: String(j), MessageBody: JSON.stringify({ id: `m${i + j}` }) })) }));
  }
  const calls = await invocations(probe, 1, 10_000, 1500);
  assert.is(calls.reduce((n, c) => n + c.items.length, 0), 25);
  assert.ok(calls.some((c) => c.items.length > 10), `batches of ${calls.map((c) => c.items.length).join(', ')}`);
});

test('services-sqs-scaling: ScalingConfig.MaximumConcurrency caps concurrent invocations', async () => {
  const probe = await createProbe('sqs-concurrency');
  const queue = await createQueue(unique('sqs-concurrency'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } });
  for (let i = 0; i < 12; i += 6) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: Array.from({ length: 6 }, (_, j) => ({ Id: String(j), MessageBody: JSON.stringify({ id: `c${i + j}`, action: 'sleep', ms: 300 }) })) }));
  }
  const calls = await invocations(probe, 12, 20_000);
  assert.is(calls.length, 12);
  const overlap = Math.max(...calls.map((c) => calls.filter((o) => o.startedAt <= c.startedAt && c.startedAt < o.startedAt + 300).length));
  assert.is(overlap, 2, 'two at a time, never more');
});

test('services-sqs-errorhandling: a FIFO queue keeps the order within each message group', async () => {
  const probe = await createProbe('sqs-fifo');
  const queue = await createQueue(`${unique('sqs-fifo')}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } });
  for (let i = 0; i < 6; i += 1) {
    for (const group of ['A', 'B']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageGroupId: group, MessageBody: JSON.stringify({ id: `${group}${i}`, action: 'sleep', ms: 30 }) }));
    }
  }
  const calls = await invocations(probe, 12, 20_000);
  const order = calls.map((c) => c.items[0]!.id!);
  assert.equal(order.filter((id) => id.startsWith('A')), ['A0', 'A1', 'A2', 'A3', 'A4', 'A5']);
  assert.equal(order.filter((id) => id.startsWith('B')), ['B0', 'B1', 'B2', 'B3', 'B4', 'B5']);
});

test('services-ddb-params: records older than MaximumRecordAgeInSeconds go to OnFailure unprocessed (waits 61 s)', async () => {
  const probe = await createProbe('ddb-age');
  const failures = await createQueue(unique('ddb-age-failures'));
  const { tableName, streamArn } = await createStreamTable(unique('ddb-age'));
  const uuid = await createMapping({
    FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10, Enabled: false,
    MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: failures.arn } },
  });
  await ddb.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: ['old1', 'old2'].map((id) => ({ PutRequest: { Item: { id: { S: id }, action: { S: 'ok' } } } })) } }));
  await sleep(61_000);
  await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  const [record] = await drainQueue(failures.url, 1, 10_000);
  const r = JSON.parse(record!.body) as { requestContext: { condition: string }; DDBStreamBatchInfo: { batchSize: number } };
  assert.is(r.requestContext.condition, 'RecordAgeExceeded');
  assert.is(r.DDBStreamBatchInfo.batchSize, 2);
  assert.equal(await invocations(probe, 0, 1000), [], 'never invoked');
});

test.after(removeCreated);
test.run();
