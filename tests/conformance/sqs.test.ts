// SQS event source mappings: each test names the AWS Lambda developer guide page whose rule it checks.
// Visibility timeouts here are real seconds (the emulator's, never scaled).
import { GetQueueAttributesCommand, ListMessageMoveTasksCommand, SendMessageBatchCommand, SendMessageCommand, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateEventSourceMappingCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { createMapping, createProbe, createQueue, drainQueue, invocations, lambda, removeCreated, sqs, unique, until } from './harness.ts';

async function send(url: string, bodies: object[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: JSON.stringify(b) })) }));
  }
}

test('services-sqs-errorhandling: only successful messages are deleted; a reported failure returns after the visibility timeout', async () => {
  const probe = await createProbe('sqs-partial', { env: { RESPONSE_MODE: 'partial' }, timeout: 2 });
  const queue = await createQueue(unique('sqs-partial'), { VisibilityTimeout: '2' });
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  await send(queue.url, [{ id: 'good-1' }, { id: 'bad', action: 'fail' }, { id: 'good-2' }]);
  // 5 pollers may take the three messages in separate batches: wait for 2 + 3 receives of "bad".
  const calls = await invocations(probe, 5, 15_000);
  const received = calls.flatMap((c) => c.items.map((i) => `${i.id}#${i.receiveCount}`)).sort();
  // good-1 and good-2 once; bad on every receive (1, 2, 3, ... until the test stops looking).
  assert.ok(received.includes('good-1#1') && received.includes('good-2#1'));
  assert.not.ok(received.some((r) => r.startsWith('good') && !r.endsWith('#1')), 'successes were deleted');
  const badReceives = calls.flatMap((c) => c.items.filter((i) => i.id === 'bad').map((i) => Number(i.receiveCount)));
  assert.equal(badReceives.slice(0, 3), [1, 2, 3], 'the failure came back with a growing receive count');
  const gaps = calls.filter((c) => c.items.some((i) => i.id === 'bad')).map((c) => c.startedAt);
  // Measured between warm invocations (the first one includes a cold start after its receive).
  assert.ok(gaps[2]! - gaps[1]! >= 1900, `redelivered after the 2 s visibility timeout (${gaps[2]! - gaps[1]!} ms)`);
});

test('services-sqs-errorhandling: SQS moves a message to the DLQ after maxReceiveCount, body intact', async () => {
  const probe = await createProbe('sqs-dlq', { timeout: 1 });
  const dlq = await createQueue(unique('sqs-dlq-dead'));
  const queue = await createQueue(unique('sqs-dlq'), { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 1 });
  const body = { id: 'poison', action: 'fail', note: 'ünïcödé ✓' };
  await send(queue.url, [body]);
  const [dead] = await drainQueue(dlq.url, 1, 15_000);
  assert.is(dead!.body, JSON.stringify(body));
  const calls = await invocations(probe, 2, 5_000);
  assert.equal(calls.map((c) => c.items[0]!.receiveCount), ['1', '2'], 'received exactly maxReceiveCount times');
});

test('services-sqs-parameters: records carry messageAttributes, ApproximateReceiveCount and eventSourceARN', async () => {
  const probe = await createProbe('sqs-fields');
  const queue = await createQueue(unique('sqs-fields'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10 });
  await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ id: 'm' }), MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }));
  const [call] = await invocations(probe, 1);
  assert.is(call!.items[0]!.receiveCount, '1', 'the first receive is count 1 (moto no longer receives it first)');
  assert.is(call!.items[0]!.eventSourceARN, queue.arn);
  assert.equal(call!.items[0]!.messageAttributes, { color: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' } });
});

test('services-sqs-errorhandling: an unknown itemIdentifier fails the whole batch (nothing is deleted)', async () => {
  const probe = await createProbe('sqs-unknown', { timeout: 1 });
  const queue = await createQueue(unique('sqs-unknown'), { VisibilityTimeout: '1' });
  // Both messages wait in the queue before the mapping is enabled, so the first receive takes them together.
  const uuid = await createMapping({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], Enabled: false });
  await send(queue.url, [{ id: 'a', respond: { batchItemFailures: [{ itemIdentifier: 'no-such-id' }] } }, { id: 'b' }]);
  await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  const calls = await invocations(probe, 2, 10_000);
  const receives = calls.flatMap((c) => c.items.map((i) => `${i.id}#${i.receiveCount}`));
  assert.ok(receives.includes('b#2'), `b was not deleted: ${receives.join(' ')}`);
});

test('services-sqs-configure: a mapping whose function timeout exceeds the visibility timeout is refused, as Lambda refuses it', async () => {
  const probe = await createProbe('sqs-refused', { timeout: 10 });
  const queue = await createQueue(unique('sqs-refused'), { VisibilityTimeout: '5' });
  const error = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10 })).catch((e: Error) => e);
  assert.instance(error, Error);
  assert.is((error as Error).name, 'InvalidParameterValueException');
  assert.is((error as Error).message, 'Queue visibility timeout: 5 seconds is less than Function timeout: 10 seconds');
});

test('sqs-configure-dead-letter-queue-redrive: StartMessageMoveTask moves a DLQ back to its source, bodies and attributes intact', async () => {
  const dlq = await createQueue(unique('sqs-move-dead'));
  const source = await createQueue(unique('sqs-move'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }) });
  const plain = await createQueue(unique('sqs-move-plain'));
  const bodies = [{ id: 'one', note: 'ünïcödé ✓' }, { id: 'two' }, { id: 'three' }];
  for (const b of bodies) {
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: JSON.stringify(b), MessageAttributes: { kind: { DataType: 'String', StringValue: b.id } } }));
  }
  // A queue that is nobody's DLQ is refused, as on AWS.
  const refused = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plain.arn })).then(() => undefined, (e: Error) => e);
  assert.is(refused?.name, 'InvalidParameterValue');
  assert.is(refused?.message, 'Source queue must be configured as a Dead Letter Queue.');

  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 2 }));
  assert.ok(TaskHandle, 'a task handle');
  // One active task per source queue.
  const second = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn })).then(() => undefined, (e: Error) => e);
  assert.is(second?.name, 'InvalidParameterValue');
  const running = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
  assert.is(running.Results?.[0]?.Status, 'RUNNING');
  assert.is(running.Results?.[0]?.ApproximateNumberOfMessagesToMove, 3);

  const moved = await drainQueue(source.url, 3, 10_000);
  assert.equal(moved.map((m) => m.body).sort(), bodies.map((b) => JSON.stringify(b)).sort(), 'every body arrived on the source queue');
  assert.equal(moved.map((m) => m.messageAttributes['kind']?.StringValue).sort(), ['one', 'three', 'two']);
  assert.ok(moved.every((m) => m.attributes['ApproximateReceiveCount'] === '1'), 'a moved message starts its receive count again');
  // The task's status is eventually consistent, on AWS too: it settles once the last message has moved.
  const done = await until('the move task to settle', 5_000, async () => {
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
    return tasks.Results?.[0]?.Status === 'RUNNING' ? undefined : tasks;
  });
  assert.is(done.Results?.[0]?.Status, 'COMPLETED');
  assert.is(done.Results?.[0]?.ApproximateNumberOfMessagesMoved, 3);
  assert.is(done.Results?.[0]?.DestinationArn, source.arn, 'the default destination is the source queue');
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.is(Attributes?.['ApproximateNumberOfMessages'], '0', 'the DLQ is empty');
});

test.after(removeCreated);
test.run();
