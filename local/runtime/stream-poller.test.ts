// The stream poller's idle reading, against a fake shard that stays empty (no
// emulator needed): its safety-net read backs off as wakeups.ts says, and a
// nudge still wakes it at once.
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

test.run();
