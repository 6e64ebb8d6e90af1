// The stream poller against a fake shard (no emulator needed): its idle
// reading backs off as wakeups.ts says and a nudge still wakes it at once;
// with a ParallelizationFactor, batches run at once, in order per item, and
// the shard is checkpointed only once all of them are done.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { poll, sleep } from '@streamlab/kit/wait';
import { StreamPoller } from './stream-poller.ts';
import { Wakeups } from './wakeups.ts';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/messages';
const STREAM = `${TABLE}/stream/2026`;
const BASE_MS = 20;

/** A poller of an empty shard; `reads` counts its GetRecords calls. */
function emptyShardPoller(wakeups: Wakeups): { poller: StreamPoller; reads: () => number } {
  let reads = 0;
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) return { StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } };
    if (command instanceof GetShardIteratorCommand) return { ShardIterator: 'iterator-0' };
    if (command instanceof GetRecordsCommand) {
      reads += 1;
      return { Records: [], NextShardIterator: `iterator-${reads}` };
    }
    throw new Error(`unexpected ${String(command)}`);
  };
  const deps = {
    functions: { roleClientsOf: () => ({ streams: { send } }) },
    checkpoints: { get: () => undefined, set: () => undefined },
    trace: { emit: () => undefined },
    wakeups,
    idlePollMs: BASE_MS,
    safetyNetMs: BASE_MS,
  } as unknown as ConstructorParameters<typeof StreamPoller>[1];
  const mapping: EventSourceMappingConfiguration = { UUID: 'mapping-1', EventSourceArn: STREAM, FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', State: 'Enabled', StartingPosition: 'TRIM_HORIZON', BatchSize: 10 };
  return { poller: new StreamPoller(mapping, deps), reads: () => reads };
}

test('an idle stream poller reads less and less often, and a nudge still wakes it at once', async () => {
  const wakeups = new Wakeups(0);
  const { poller, reads } = emptyShardPoller(wakeups);
  try {
    // Reads at about 0, 20, 60, 140, 300 and 620 ms; every 20 ms without the back-off (about 35).
    await sleep(700);
    const idle = reads();
    assert.ok(idle >= 3 && idle <= 8, `${idle} reads in 700 ms`);
    // The next safety-net read is due at about 1,260 ms, 560 ms after the nudge: the
    // nudge brings it now. The margin is wide because a loaded CI machine delayed the
    // nudged read by 165 ms once, when the next read was due only 280 ms later.
    const nudged = Date.now();
    wakeups.wake(TABLE);
    assert.ok(await poll(() => reads() > idle, 1000, 5), 'the nudge woke it');
    assert.ok(Date.now() - nudged < 300, `read ${Date.now() - nudged} ms after the nudge`);
  } finally {
    poller.stop();
    await poller.done;
    wakeups.close();
  }
});

/** A shard holding `records`, a function that takes `invokeMs` per batch; what the poller did with them. */
function busyShardPoller(mapping: Partial<EventSourceMappingConfiguration>, records: { id: string; n: number }[], invokeMs = 15) {
  const wakeups = new Wakeups(0);
  const batches: { ids: string[]; started: number; ended: number }[] = [];
  const checkpoints: { seq: string; at: number; inFlight: number }[] = [];
  const checkpointsAtInvoke: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let served = false;
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) return { StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } };
    if (command instanceof GetShardIteratorCommand) return { ShardIterator: `from-${command.input.SequenceNumber ?? 'start'}` };
    if (command instanceof GetRecordsCommand) {
      const from = String(command.input.ShardIterator).replace('from-', '');
      const start = from === 'start' ? 0 : Number(from);
      const page = served && from === 'start' ? [] : records.slice(start, start + (command.input.Limit ?? 1000));
      served = true;
      return {
        Records: page.map((r) => ({ eventName: 'INSERT', dynamodb: { Keys: { id: { S: r.id } }, NewImage: { id: { S: r.id }, n: { N: String(r.n) } }, SequenceNumber: String(r.n + 1) } })),
        NextShardIterator: `from-${start + page.length}`,
      };
    }
    throw new Error(`unexpected ${String(command)}`);
  };
  const invoker = {
    invoke: async (_host: unknown, event: { Records: { dynamodb: { NewImage: { id: { S: string }; n: { N: string } } } }[] }) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      checkpointsAtInvoke.push(checkpoints.map((c) => c.seq));
      const started = Date.now();
      await sleep(invokeMs);
      batches.push({ ids: event.Records.map((r) => `${r.dynamodb.NewImage.id.S}#${r.dynamodb.NewImage.n.N}`), started, ended: Date.now() });
      inFlight -= 1;
      return { verdict: { kind: 'success' } };
    },
  };
  const deps = {
    invoker,
    metrics: { iteratorAge: () => undefined },
    functions: { roleClientsOf: () => ({ streams: { send } }), get: async () => ({}) },
    checkpoints: { get: () => undefined, set: (_key: string, seq: string) => checkpoints.push({ seq, at: Date.now(), inFlight }) },
    trace: { emit: () => undefined },
    wakeups,
    idlePollMs: BASE_MS,
    safetyNetMs: 5_000,
  } as unknown as ConstructorParameters<typeof StreamPoller>[1];
  const config: EventSourceMappingConfiguration = { UUID: 'mapping-1', EventSourceArn: STREAM, FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', State: 'Enabled', StartingPosition: 'TRIM_HORIZON', BatchSize: 5, ...mapping };
  const poller = new StreamPoller(config, deps);
  return {
    batches,
    checkpoints,
    checkpointsAtInvoke,
    maxInFlight: () => maxInFlight,
    finish: async (delivered: number) => {
      const all = await poll(() => batches.reduce((sum, b) => sum + b.ids.length, 0) >= delivered, 10_000, 5);
      await sleep(50);
      poller.stop();
      wakeups.wake(TABLE);
      await poller.done;
      wakeups.close();
      return all;
    },
  };
}

/** 60 records of 12 items, each item's records numbered in stream order. */
const RECORDS = Array.from({ length: 60 }, (_, n) => ({ id: `item-${n % 12}`, n }));

test('with ParallelizationFactor 4, batches run at once, each item in order, every record once', async () => {
  const shard = busyShardPoller({ ParallelizationFactor: 4 }, RECORDS);
  assert.ok(await shard.finish(RECORDS.length), 'every record delivered');
  const delivered = shard.batches.flatMap((b) => b.ids);
  assert.equal([...delivered].sort(), RECORDS.map((r) => `${r.id}#${r.n}`).sort(), 'each record once');
  assert.ok(shard.batches.every((b) => b.ids.length <= 5), 'no batch over BatchSize');
  assert.ok(shard.maxInFlight() > 1 && shard.maxInFlight() <= 4, `${shard.maxInFlight()} batches at once`);
  const byItem = new Map<string, number[]>();
  for (const b of [...shard.batches].sort((x, y) => x.started - y.started)) {
    for (const id of b.ids) {
      const [item, n] = id.split('#');
      byItem.set(item!, [...(byItem.get(item!) ?? []), Number(n)]);
    }
  }
  for (const [item, ns] of byItem) assert.equal(ns, [...ns].sort((a, b) => a - b), `${item} in order`);
});

test('with ParallelizationFactor 4, the shard is checkpointed only when no batch is running, past every record', async () => {
  const shard = busyShardPoller({ ParallelizationFactor: 4 }, RECORDS);
  assert.ok(await shard.finish(RECORDS.length));
  assert.ok(shard.checkpoints.length >= 1);
  assert.ok(shard.checkpoints.every((c) => c.inFlight === 0), JSON.stringify(shard.checkpoints));
  assert.is(shard.checkpoints.at(-1)!.seq, String(RECORDS.length));
});

test('with the default factor, one batch at a time, checkpointed after each', async () => {
  const shard = busyShardPoller({}, RECORDS.slice(0, 20));
  assert.ok(await shard.finish(20));
  assert.is(shard.maxInFlight(), 1);
  assert.equal(shard.batches.map((b) => b.ids.length), [5, 5, 5, 5]);
  assert.equal([...new Set(shard.checkpoints.map((c) => c.seq))], ['5', '10', '15', '20']);
});

test('a record the filters reject is checkpointed after the records before it are delivered', async () => {
  const only = { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { id: { S: ['item-0'] } } } }) }] };
  const shard = busyShardPoller({ BatchSize: 10, FilterCriteria: only }, RECORDS.slice(0, 3));
  assert.ok(await shard.finish(1));
  assert.equal(shard.batches.map((b) => b.ids), [['item-0#0']]);
  assert.equal(shard.checkpointsAtInvoke, [[]], 'nothing checkpointed before item-0 was delivered');
  assert.is(shard.checkpoints.at(-1)!.seq, '3', 'then past the two rejected records');
});

test.run();
