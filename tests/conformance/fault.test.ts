// Fault test: the runtime is killed (SIGKILL) in the middle of a burst and
// started again. Every stream record and every queue message is still
// processed: stream checkpoints and SQS visibility timeouts make delivery
// at-least-once, and nothing is lost.
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '@streamlab/kit/target';
import { createMapping, createProbe, createQueue, createStreamTable, ddb, invocationsUntil, type ProbeInvocation, removeCreated, sleep, sqs, target, unique } from './harness.ts';

const N = 200;

function killRuntime(): void {
  const pid = Number(readFileSync(join(target.stateDir, 'runtime.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
}

function startRuntime(): void {
  const port = new URL(target.endpoint!).port;
  const r = spawnSync('bash', ['local/up.sh', target.instance, port], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
}

test('a runtime killed mid-burst and restarted loses no stream record and no queue message', async () => {
  const streamProbe = await createProbe('fault-ddb');
  const queueProbe = await createProbe('fault-sqs', { timeout: 2 });
  const { tableName, streamArn } = await createStreamTable(unique('fault'));
  const queue = await createQueue(unique('fault'), { VisibilityTimeout: '2' });
  await createMapping({ FunctionName: streamProbe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
  await createMapping({ FunctionName: queueProbe.name, EventSourceArn: queue.arn, BatchSize: 10 });

  const ids = Array.from({ length: N }, (_, i) => `f${String(i).padStart(4, '0')}`);
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < N; i += 25) {
    writes.push(
      ddb.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: ids.slice(i, i + 25).map((id) => ({ PutRequest: { Item: { id: { S: id }, action: { S: 'sleep' }, ms: { N: '15' } } } })) } })),
    );
  }
  for (let i = 0; i < N; i += 10) {
    writes.push(sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: ids.slice(i, i + 10).map((id, j) => ({ Id: String(j), MessageBody: JSON.stringify({ id, action: 'sleep', ms: 15 }) })) })));
  }
  await Promise.all(writes);
  await sleep(150); // the burst is under way
  killRuntime();
  await sleep(500);
  startRuntime();

  // The restarted runtime first rediscovers every function and mapping, so allow it time.
  const seenAll = (calls: ProbeInvocation[]) => new Set(calls.flatMap((c) => c.items.map((i) => i.id))).size >= N;
  const streamCalls = await invocationsUntil(streamProbe, seenAll, 60_000);
  const queueCalls = await invocationsUntil(queueProbe, seenAll, 60_000);
  const streamSeen = new Set(streamCalls.flatMap((c) => c.items.map((i) => i.id)));
  const queueSeen = new Set(queueCalls.flatMap((c) => c.items.map((i) => i.id)));
  assert.equal(ids.filter((id) => !streamSeen.has(id)), [], 'every stream record was processed');
  assert.equal(ids.filter((id) => !queueSeen.has(id)), [], 'every queue message was processed');
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  assert.is(Attributes['ApproximateNumberOfMessages'], '0');
  assert.is(Attributes['ApproximateNumberOfMessagesNotVisible'], '0');
});

test.after(removeCreated);
test.run();
