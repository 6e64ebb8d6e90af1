// DynamoDB stream event source mappings: each test names the AWS Lambda
// developer guide page whose rule it checks.
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMapping, createProbe, createQueue, createStreamTable, ddb, drainQueue, invocations, removeCreated, unique } from './harness.ts';

async function write(table: string, items: { id: string; action?: string; ms?: number; respond?: unknown }[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await ddb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: items.slice(i, i + 25).map((item) => ({
            PutRequest: {
              Item: {
                id: { S: item.id },
                action: { S: item.action ?? 'ok' },
                ...(item.ms === undefined ? {} : { ms: { N: String(item.ms) } }),
                ...(item.respond === undefined ? {} : { respond: { S: JSON.stringify(item.respond) } }),
              },
            },
          })),
        },
      }),
    );
  }
}

// Tests that expect records written together in one batch use a 1 s batching
// window: without it, the poller may start a batch before the last record lands.
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i).padStart(3, '0')}` }));

test('services-ddb-params: batches hold at most BatchSize records, in shard order, with eventSourceARN', async () => {
  const probe = await createProbe('ddb-order');
  const { tableName, streamArn } = await createStreamTable(unique('ddb-order'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 4 });
  await write(tableName, ids('r', 23));
  const calls = await invocations(probe, 6);
  const seen = calls.flatMap((c) => c.items.map((i) => i.id));
  assert.equal(seen, ids('r', 23).map((i) => i.id), 'every record once, in order');
  for (const c of calls) assert.ok(c.items.length <= 4, `batch of ${c.items.length}`);
  const seqs = calls.flatMap((c) => c.items.map((i) => BigInt(i.identifier!)));
  assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!), 'sequence numbers increase');
  assert.ok(calls.every((c) => c.items.every((i) => i.eventSourceARN === streamArn)));
});

test("services-ddb-params: ParallelizationFactor runs a shard's batches at once, each item's records in order", async () => {
  const probe = await createProbe('ddb-parallel');
  const { tableName, streamArn } = await createStreamTable(unique('ddb-parallel'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 2, ParallelizationFactor: 3, MaximumBatchingWindowInSeconds: 1 });
  const items = ids('p', 8).map((i) => ({ ...i, action: 'sleep', ms: 150 })); // a batch of two takes 300 ms
  await write(tableName, items);
  await write(tableName, items); // each item again: its second record (MODIFY) must follow its first
  const calls = await invocations(probe, 8, 20_000, 800);
  const records = calls.flatMap((c) => c.items);
  assert.is(records.length, 16, 'every record once');
  assert.ok(calls.every((c) => c.items.length <= 2), 'no batch over BatchSize');
  for (const { id } of items) {
    const seqs = calls.flatMap((c) => c.items.filter((i) => i.id === id).map((i) => BigInt(i.identifier!)));
    assert.is(seqs.length, 2, `${id}'s two records`);
    assert.ok(seqs[0]! < seqs[1]!, `${id}'s records in order`);
  }
  const overlapping = calls.some((a) => calls.some((b) => a !== b && b.startedAt >= a.startedAt && b.startedAt < a.startedAt + 250));
  assert.ok(overlapping, `batches ran at once: started at ${calls.map((c) => c.startedAt - calls[0]!.startedAt).join(', ')} ms`);
});

test('services-ddb-params: StartingPosition LATEST skips records written before the mapping, TRIM_HORIZON reads them', async () => {
  const { tableName, streamArn } = await createStreamTable(unique('ddb-start'));
  await write(tableName, [{ id: 'before' }]);
  await new Promise((r) => setTimeout(r, 1200)); // older than the mapping by more than the clock slack
  const latest = await createProbe('ddb-latest');
  const horizon = await createProbe('ddb-horizon');
  await createMapping({ FunctionName: latest.name, EventSourceArn: streamArn, StartingPosition: 'LATEST', BatchSize: 10 });
  await createMapping({ FunctionName: horizon.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
  await write(tableName, [{ id: 'after' }]);
  const l = (await invocations(latest, 1)).flatMap((c) => c.items.map((i) => i.id));
  const h = (await invocations(horizon, 1, 15_000, 800)).flatMap((c) => c.items.map((i) => i.id));
  assert.equal(l, ['after']);
  assert.equal(h, ['before', 'after']);
});

test('services-ddb-params: StartingPosition LATEST skips every older record, however many pages of them there are', async () => {
  const { tableName, streamArn } = await createStreamTable(unique('ddb-latest-many'));
  await write(tableName, ids('old', 35));
  await new Promise((r) => setTimeout(r, 1200)); // older than the mapping by more than the clock slack
  const latest = await createProbe('ddb-latest-many');
  await createMapping({ FunctionName: latest.name, EventSourceArn: streamArn, StartingPosition: 'LATEST', BatchSize: 10 });
  await write(tableName, [{ id: 'new' }]);
  assert.equal((await invocations(latest, 1, 15_000, 800)).flatMap((c) => c.items.map((i) => i.id)), ['new']);
});

test('services-ddb-batchfailurereporting: a partial failure checkpoints before the lowest failed record and retries from it', async () => {
  const probe = await createProbe('ddb-partial', { env: { RESPONSE_MODE: 'partial' } });
  const failures = await createQueue(unique('ddb-partial-failures'));
  const { tableName, streamArn } = await createStreamTable(unique('ddb-partial'));
  await createMapping({
    FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10, MaximumBatchingWindowInSeconds: 1,
    FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: failures.arn } },
  });
  await write(tableName, [{ id: 'a' }, { id: 'b' }, { id: 'c', action: 'fail' }, { id: 'd' }]);
  const calls = await invocations(probe, 3);
  assert.equal(calls.map((c) => c.items.map((i) => i.id)), [['a', 'b', 'c', 'd'], ['c', 'd'], ['c', 'd']], 'a and b are never redelivered');
  const [record] = await drainQueue(failures.url, 1);
  const info = JSON.parse(record!.body) as { requestContext: { condition: string; approximateInvokeCount: number }; DDBStreamBatchInfo: { batchSize: number } };
  assert.is(info.requestContext.condition, 'RetryAttemptsExhausted');
  assert.is(info.requestContext.approximateInvokeCount, 3);
  assert.is(info.DDBStreamBatchInfo.batchSize, 2);
});

test('services-ddb-batchfailurereporting: an empty itemIdentifier fails the whole batch; an empty list is success', async () => {
  const bad = await createProbe('ddb-badid');
  const good = await createProbe('ddb-emptylist');
  for (const [probe, respond] of [[bad, { batchItemFailures: [{ itemIdentifier: '' }] }], [good, { batchItemFailures: [] }]] as const) {
    const { tableName, streamArn } = await createStreamTable(unique('ddb-response'));
    await createMapping({ FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 1 });
    await write(tableName, [{ id: 'a', respond }, { id: 'b' }]);
  }
  assert.equal((await invocations(bad, 2)).map((c) => c.items.map((i) => i.id)), [['a', 'b'], ['a', 'b']], 'retried as a whole');
  assert.equal((await invocations(good, 1, 15_000, 1000)).map((c) => c.items.map((i) => i.id)), [['a', 'b']], 'not retried');
});

test('services-ddb-batchfailurereporting: the response is ignored without ReportBatchItemFailures', async () => {
  const probe = await createProbe('ddb-ignored', { env: { RESPONSE_MODE: 'partial' } });
  const { tableName, streamArn } = await createStreamTable(unique('ddb-ignored'));
  await createMapping({ FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10, MaximumBatchingWindowInSeconds: 1, MaximumRetryAttempts: 2 });
  await write(tableName, [{ id: 'a' }, { id: 'b', action: 'fail' }]);
  const calls = await invocations(probe, 1, 15_000, 1000);
  assert.is(calls.length, 1, 'the batchItemFailures answer counts as success: no retry');
});

test('services-dynamodb-errors: a function error is bisected (splits are not retries), then the bad record goes to OnFailure', async () => {
  const probe = await createProbe('ddb-bisect');
  const failures = await createQueue(unique('ddb-bisect-failures'));
  const { tableName, streamArn } = await createStreamTable(unique('ddb-bisect'));
  await createMapping({
    FunctionName: probe.name, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10, MaximumBatchingWindowInSeconds: 1,
    BisectBatchOnFunctionError: true, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: failures.arn } },
  });
  await write(tableName, [{ id: 'a' }, { id: 'b' }, { id: 'c', action: 'fail' }, { id: 'd' }]);
  const calls = await invocations(probe, 5);
  const batches = calls.map((c) => c.items.map((i) => i.id).join(''));
  // abcd fails → ab | cd; ab succeeds; cd fails → c | d; c fails, is retried once, then dropped; d succeeds.
  assert.equal(batches, ['abcd', 'ab', 'cd', 'c', 'c', 'd']);
  const [record] = await drainQueue(failures.url, 1);
  const info = JSON.parse(record!.body) as { requestContext: { approximateInvokeCount: number }; DDBStreamBatchInfo: { batchSize: number } };
  assert.is(info.DDBStreamBatchInfo.batchSize, 1);
  assert.is(info.requestContext.approximateInvokeCount, 2, 'one try and one retry: the splits did not count');
});

test.after(removeCreated);
test.run();
