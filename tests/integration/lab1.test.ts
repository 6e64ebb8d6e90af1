// Lab 1 against the real emulator, the real bundle and the local runtime.
import { DeleteItemCommand, DescribeTableCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { putMessage, putPoisonMessage } from '@streamlab/labs/messages';
import { parseEnvelope, waitForNotifications } from '@streamlab/labs/notifications';
import { clients, drain, logs, resetQueues, streams, target } from './harness.ts';

const lab = target.lab1;
const TIMEOUT = 15_000;

test.before.each(resetQueues);

test('an inserted message becomes a notification with its content and attributes', async () => {
  const message = await putMessage(clients, lab.messages_table, { author: 'alice', text: `hello ${randomUUID()}` });
  const { found, missing } = await waitForNotifications(clients, lab.test_queue_url, [message.message_id], TIMEOUT);
  assert.equal(missing, []);
  const n = found.get(message.message_id)!;
  assert.is(n.document.event_type, 'message_created');
  assert.is(n.document.message.text, message.text);
  assert.equal(n.attributes, {
    event_type: 'message_created',
    author: 'alice',
    message_id: message.message_id,
    kind: 'message',
    text_length: String(message.text.length),
    // The text's words: "hello" and the parts of the UUID (lab 4 filters on them).
    keywords: JSON.stringify(message.text.split(/[ -]/)),
    thread_id: message.message_id,
  });
  assert.is(n.subject, `New message from alice: ${message.text}`);
});

test('a reply carries the original message author and text', async () => {
  const original = await putMessage(clients, lab.messages_table, { author: 'alice', text: `question ${randomUUID()}` });
  const reply = await putMessage(clients, lab.messages_table, { author: 'bob', text: 'answer', reply_to_message_id: original.message_id });
  const { found, missing } = await waitForNotifications(clients, lab.test_queue_url, [original.message_id, reply.message_id], TIMEOUT);
  assert.equal(missing, []);
  const n = found.get(reply.message_id)!;
  assert.is(n.document.event_type, 'reply_created');
  assert.is(n.document.in_reply_to?.found, true);
  assert.is(n.document.in_reply_to?.message?.author, 'alice');
  assert.is(n.document.in_reply_to?.message?.text, original.text);
});

test('an edit announces message_edited and a delete announces message_deleted', async () => {
  const m = await putMessage(clients, lab.messages_table, { author: 'carol', text: 'first draft' });
  await waitForNotifications(clients, lab.test_queue_url, [m.message_id], TIMEOUT);
  await clients.dynamodb.send(
    new UpdateItemCommand({
      TableName: lab.messages_table,
      Key: marshall({ message_id: m.message_id }),
      UpdateExpression: 'SET #t = :t',
      ExpressionAttributeNames: { '#t': 'text' },
      ExpressionAttributeValues: marshall({ ':t': 'final text' }),
    }),
  );
  const edited = await waitForNotifications(clients, lab.test_queue_url, [m.message_id], TIMEOUT);
  assert.is(edited.found.get(m.message_id)?.document.event_type, 'message_edited');
  assert.is(edited.found.get(m.message_id)?.document.previous_text, 'first draft');
  await clients.dynamodb.send(new DeleteItemCommand({ TableName: lab.messages_table, Key: marshall({ message_id: m.message_id }) }));
  const deleted = await waitForNotifications(clients, lab.test_queue_url, [m.message_id], TIMEOUT);
  assert.is(deleted.found.get(m.message_id)?.document.event_type, 'message_deleted');
});

/** Sequence number of the stream record that wrote `messageId`, read from the stream itself. */
async function sequenceOf(messageId: string): Promise<string | undefined> {
  const streamArn = await streamArnOf();
  const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards![0]!;
  let { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
  for (;;) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
    const hit = page.Records?.find((r) => r.dynamodb?.Keys?.['message_id']?.S === messageId);
    if (hit) return hit.dynamodb!.SequenceNumber;
    if (!page.Records?.length) return undefined;
    ShardIterator = page.NextShardIterator;
  }
}

async function streamArnOf(): Promise<string> {
  return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: lab.messages_table }))).Table!.LatestStreamArn!;
}

test('a poison record goes to the on-failure queue while the records around it go through', async () => {
  const before = await putMessage(clients, lab.messages_table, { author: 'alice', text: 'before the poison' });
  // No "text": the processor rejects it, Lambda retries, bisects, then gives up on it.
  const poisonId = (await putPoisonMessage(clients, lab.messages_table)).message_id;
  const after = await putMessage(clients, lab.messages_table, { author: 'bob', text: 'after the poison' });

  const { missing } = await waitForNotifications(clients, lab.test_queue_url, [before.message_id, after.message_id], TIMEOUT);
  assert.equal(missing, [], 'the good records were announced');

  const [body, ...extra] = await drain(lab.stream_failures_queue_url, 2, 5_000);
  assert.ok(body, 'an invocation record reached the on-failure queue');
  assert.equal(extra, [], 'exactly one invocation record');
  const record = JSON.parse(body!) as { requestContext: { condition: string; approximateInvokeCount: number }; DDBStreamBatchInfo: { batchSize: number; startSequenceNumber: string; endSequenceNumber: string; streamArn: string } };
  assert.is(record.requestContext.condition, 'RetryAttemptsExhausted');
  assert.is(record.requestContext.approximateInvokeCount, 3, 'first try + 2 retries (maximum_retry_attempts = 2)');
  assert.is(record.DDBStreamBatchInfo.batchSize, 1, 'bisecting isolated the poison record');
  const poisonSeq = await sequenceOf(poisonId);
  assert.is(record.DDBStreamBatchInfo.startSequenceNumber, poisonSeq);
  assert.is(record.DDBStreamBatchInfo.endSequenceNumber, poisonSeq);
  assert.is(record.DDBStreamBatchInfo.streamArn, await streamArnOf());

  const leftovers = (await drain(lab.test_queue_url, 10, 1_500)).map((b) => parseEnvelope(b)?.document.message.message_id);
  assert.not.ok(leftovers.includes(poisonId), 'the poison record was never announced');
});

test('function logs reach the emulator CloudWatch Logs group', async () => {
  const m = await putMessage(clients, lab.messages_table, { author: 'dave', text: 'log me' });
  await waitForNotifications(clients, lab.test_queue_url, [m.message_id], TIMEOUT);
  let found = false;
  for (let i = 0; i < 20 && !found; i += 1) {
    const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: lab.processor_log_group_name }));
    found = events.some((e) => e.message?.includes(m.message_id) && e.message.includes('Notification published'));
    if (!found) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(found, `a "Notification published" log line for ${m.message_id} in ${lab.processor_log_group_name}`);
});

test.run();
