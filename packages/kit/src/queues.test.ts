import type { SQSClient } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { receiveAll } from './queues.ts';

/** A queue that is always empty, counting the receives it answered. */
function emptyQueue(): { sqs: SQSClient; receives: () => number } {
  let receives = 0;
  const send = async () => {
    receives += 1;
    return { Messages: [] };
  };
  const sqs = { send } as unknown as SQSClient;
  return { sqs, receives: () => receives };
}

test('receiveAll keeps receiving through empty answers until its deadline', async () => {
  const queue = emptyQueue();
  const started = Date.now();
  for await (const _ of receiveAll(queue.sqs, 'url', { until: started + 250 })) assert.unreachable('the queue is empty');
  assert.ok(Date.now() - started >= 250, 'it waited for the deadline');
  assert.ok(queue.receives() > 1);
});

test('receiveAll ends at an empty answer once done() says so, long before its deadline', async () => {
  const queue = emptyQueue();
  const started = Date.now();
  for await (const _ of receiveAll(queue.sqs, 'url', { until: started + 60_000, done: () => queue.receives() >= 3 })) assert.unreachable('the queue is empty');
  assert.is(queue.receives(), 3);
  assert.ok(Date.now() - started < 5_000);
});

test.run();
