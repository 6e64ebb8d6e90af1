import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DynamoDBRecord } from 'aws-lambda';
import { SkippedAfterFailureError, stopAtFirstFailure } from './stop-at-first-failure.ts';

const record = (seq: string): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: seq } });

test('records after a failed one are skipped, not processed', async () => {
  const seen: string[] = [];
  const handle = stopAtFirstFailure(async (r) => {
    seen.push(r.dynamodb!.SequenceNumber!);
    if (r.dynamodb!.SequenceNumber === '2') throw new Error('poison');
  });
  await handle(record('1'));
  const failure = await handle(record('2')).catch((e: unknown) => e);
  const skipped = await handle(record('3')).catch((e: unknown) => e);
  assert.is((failure as Error).message, 'poison');
  assert.ok(skipped instanceof SkippedAfterFailureError);
  assert.equal(seen, ['1', '2']);
});

test('a batch without failures processes every record', async () => {
  const seen: string[] = [];
  const handle = stopAtFirstFailure(async (r) => void seen.push(r.dynamodb!.SequenceNumber!));
  for (const seq of ['1', '2', '3']) await handle(record(seq));
  assert.equal(seen, ['1', '2', '3']);
});

test.run();
