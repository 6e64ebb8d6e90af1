// Tumbling windows on DynamoDB streams (services-ddb-windows): one test per
// rule the local runtime implements (local/runtime/rules/tumbling-windows.ts).
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMapping, createProbe, createStreamTable, ddb, invocationsUntil, type ProbeInvocation, removeCreated, unique } from './harness.ts';

const WINDOW_SECONDS = 3;

async function put(table: string, id: string, extra: Record<string, { S: string }> = {}): Promise<void> {
  await ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, action: { S: 'ok' }, ...extra } }));
}

async function windowedProbe(what: string, mapping: { BatchSize?: number; MaximumRetryAttempts?: number; TumblingWindowInSeconds?: number } = {}) {
  const probe = await createProbe(what);
  const { tableName, streamArn } = await createStreamTable(unique(what));
  await createMapping({
    FunctionName: probe.name,
    EventSourceArn: streamArn,
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: mapping.BatchSize ?? 2,
    TumblingWindowInSeconds: mapping.TumblingWindowInSeconds ?? WINDOW_SECONDS,
    ...(mapping.MaximumRetryAttempts === undefined ? {} : { MaximumRetryAttempts: mapping.MaximumRetryAttempts }),
  });
  return { probe, tableName, streamArn };
}

const finals = (calls: ProbeInvocation[]) => calls.filter((c) => c.window?.isFinalInvokeForWindow);
const idsOf = (calls: ProbeInvocation[]) => calls.flatMap((c) => c.items.map((i) => i.id));

test('services-ddb-windows: the state a window returns is carried to its next invocation, and the final one gets it all', async () => {
  const { probe, tableName, streamArn } = await windowedProbe('tw-state');
  for (const id of ['a', 'b', 'c', 'd', 'e']) await put(tableName, id);
  const calls = await invocationsUntil(probe, (c) => idsOf(c).length >= 5 && finals(c).length >= 1 && finals(c).flatMap((f) => f.window!.state.ids ?? []).length >= 5, 20_000);
  for (const [i, call] of calls.entries()) {
    assert.ok(call.window, 'every invocation carries the window fields');
    assert.is(call.window!.shardId.length > 0, true, 'and the shard id');
    const previous = calls.slice(0, i).filter((c) => c.window!.window.start === call.window!.window.start);
    // The state is what the previous invocation of the same window returned: its ids.
    assert.equal(call.window!.state.ids ?? [], idsOf(previous), `state of invocation ${i + 1}`);
  }
  assert.equal(finals(calls).flatMap((f) => f.window!.state.ids ?? []), ['a', 'b', 'c', 'd', 'e'], 'the final invocations hold every record once');
  for (const f of finals(calls)) assert.is(f.items.length, 0, 'a final invocation has no records');
  assert.ok(calls.every((c) => c.items.every((i) => i.eventSourceARN === streamArn)));
});

test('services-ddb-windows: windows are aligned to the epoch, and a window is final only after its end', async () => {
  const { probe, tableName } = await windowedProbe('tw-bounds');
  await put(tableName, 'only');
  const calls = await invocationsUntil(probe, (c) => finals(c).length >= 1, 20_000);
  const final = finals(calls)[0]!;
  const start = Date.parse(final.window!.window.start);
  const end = Date.parse(final.window!.window.end);
  assert.is(end - start, WINDOW_SECONDS * 1000, 'TumblingWindowInSeconds long');
  assert.is(start % (WINDOW_SECONDS * 1000), 0, 'aligned');
  assert.ok(final.startedAt >= end, `final at ${new Date(final.startedAt).toISOString()}, the window ends ${final.window!.window.end}`);
  assert.match(final.window!.window.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'ISO-8601 without milliseconds');
});

test('services-ddb-windows: a record of a later window opens it with a fresh state, after the earlier window is final', async () => {
  const { probe, tableName } = await windowedProbe('tw-next');
  await put(tableName, 'first');
  const early = await invocationsUntil(probe, (c) => c.length >= 1, 10_000);
  const end = Date.parse(early[0]!.window!.window.end);
  await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 100));
  await put(tableName, 'second');
  const calls = [...early, ...(await invocationsUntil(probe, (c) => finals([...early, ...c]).length >= 2, 20_000))];
  const order = calls.map((c) => (c.window!.isFinalInvokeForWindow ? `final ${c.window!.state.ids?.join(',')}` : `${idsOf([c]).join(',')} with [${c.window!.state.ids?.join(',') ?? ''}]`));
  assert.equal(order, ['first with []', 'final first', 'second with []', 'final second']);
});

test('services-ddb-windows: a response without state is a failed invocation, retried with the same state', async () => {
  // A window of 60 s, so that both records almost always fall in one (with 3 s, a busy machine put its end between them).
  const { probe, tableName } = await windowedProbe('tw-nostate', { BatchSize: 1, MaximumRetryAttempts: 2, TumblingWindowInSeconds: 60 });
  await put(tableName, 'ok-1');
  const [first] = await invocationsUntil(probe, (c) => c.length >= 1, 10_000);
  // Answers {} (no state): a failure, retried twice, then handed on (no OnFailure destination here).
  await put(tableName, 'no-state', { respond: { S: '{}' } });
  const calls = await invocationsUntil(probe, (c) => c.filter((x) => x.items[0]?.id === 'no-state').length >= 3, 20_000);
  const retries = calls.filter((c) => c.items[0]?.id === 'no-state');
  assert.is(retries.length, 3, 'invoked once and retried twice');
  // The state from before the failed batch: ok-1's, or a fresh one if a new window began between the two records.
  const sameWindow = retries[0]!.window!.window.start === first!.window!.window.start;
  for (const r of retries) {
    assert.is(r.window!.window.start, retries[0]!.window!.window.start, 'every attempt in the window of the first');
    assert.equal(r.window!.state.ids, sameWindow ? ['ok-1'] : undefined, 'each retry gets the state from before the failed batch');
  }
});

test.after(removeCreated);
test.run();
