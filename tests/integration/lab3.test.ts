// Lab 3 against the emulator (sns mode): bad requests publish nothing, concurrent
// duplicates are processed once, a failing message ends in the Lambda DLQ with
// its original event (and the DLQ alarm emails the alerts topic), and a stuck
// pending submission is republished by the schedule and completed once.
// (The 200 × 3 end-to-end test runs in both delivery modes: tests/lab3-e2e.)
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { AddPermissionCommand, GetFunctionConfigurationCommand, RemovePermissionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peek, republish } from '@streamlab/labs/dead-letters';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import { emptyQueue } from '@streamlab/kit/queues';
import { readReplies } from '@streamlab/labs/replies';
import { confirmFromOutbox } from '@streamlab/labs/subscriptions';
import { allSubmissions, getSubmission, waitForCompleted } from '@streamlab/labs/submissions';
import { BAD_KINDS, buildRequest, redeliver, sampleMessage, sendWebhook } from '@streamlab/labs/webhooks';
import { clients, lab, target, waitUntilSettled } from '../lab3-e2e/harness.ts';
import { sleep, traceEvents, until } from '../support.ts';

interface TraceLine {
  kind: string;
  function?: string;
  line?: string;
}

const traceSince = (since: number) => traceEvents(target.stateDir, since) as unknown as TraceLine[];

test.before(async () => {
  assert.is(lab.delivery_mode, 'sns', 'these tests run on the default (sns) deployment');
  await readReplies(clients, lab.replies_queue_url, { quietMs: 0, timeoutMs: 5000 });
  await emptyQueue(clients, lab.processor_dlq_url);
});

test('bad, unsigned, malformed and oversized requests get 401/401/400/413 and publish nothing', async () => {
  const since = Date.now();
  const submissionsBefore = (await allSubmissions(clients, lab.submissions_table)).length;
  const expected = { unsigned: 401, 'bad-signature': 401, malformed: 400, oversized: 413 } as const;
  for (const kind of BAD_KINDS) {
    for (const client of ['whatsapp', 'web'] as const) {
      const response = await sendWebhook(target, buildRequest(client, sampleMessage(1)), kind);
      assert.is(response.status, expected[kind], `${kind} (${client})`);
      assert.type(response.body.error, 'string');
    }
  }
  // A WhatsApp form whose NumMedia does not match its media, correctly signed: 400.
  const form = buildRequest('whatsapp', sampleMessage(2, { media: 2 }));
  const tampered = { ...form, body: form.body.replace('NumMedia=2', 'NumMedia=3') };
  assert.is((await sendWebhook(target, tampered)).status, 400);
  await sleep(1500);
  const processorRuns = traceSince(since).filter((e) => e.kind === 'invoke' && e.function === lab.processor_function_name);
  assert.is(processorRuns.length, 0, 'the background processor never ran');
  assert.is((await allSubmissions(clients, lab.submissions_table)).length, submissionsBefore, 'no submission');
  assert.equal(await readReplies(clients, lab.replies_queue_url, { quietMs: 500, timeoutMs: 2000 }), [], 'no reply');
});

test('a webhook whose ingest topic does not exist answers 5xx (the sender retries) and stores nothing, instead of a false 202', async () => {
  const fn = lab.webhook_function_name;
  const { Environment } = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
  const original = Environment!.Variables!;
  const missing = `${original['INGEST_TOPIC_ARN']}-not-created-yet`;
  await clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Environment: { Variables: { ...original, INGEST_TOPIC_ARN: missing } } }));
  try {
    const response = await until('the webhook on the changed configuration', 20_000, async () => {
      const r = await sendWebhook(target, buildRequest('web', sampleMessage(7, { text: 'into a topic that does not exist' })));
      return r.status === 202 ? undefined : r;
    });
    assert.ok(response.status >= 500, `answered ${response.status}`);
    assert.is(response.body.message_id, undefined);
  } finally {
    await clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Environment: { Variables: original } }));
  }
  await until('the webhook back on its own topic', 20_000, async () => {
    const r = await sendWebhook(target, buildRequest('web', sampleMessage(8)));
    return r.status === 202 ? true : undefined;
  });
});

test('10 concurrent deliveries of one message_id: processed once (the others wait on the idempotency record, then are skipped)', async () => {
  // Ten warm environments first (ten #slow messages at once need ten): a cold
  // start on a loaded machine can outlast the first copy's 1 s analysis, and the
  // copies would then find only a completed record.
  const warmers = await Promise.all(Array.from({ length: 10 }, (_, i) => sendWebhook(target, buildRequest('web', sampleMessage(70 + i, { text: `warm-up ${i} #slow` })))));
  await waitForCompleted(clients, lab.submissions_table, warmers.map((r) => r.body.message_id!), 30_000);
  await readReplies(clients, lab.replies_queue_url, { quietMs: 500, timeoutMs: 10_000 });
  const since = Date.now();
  // #slow: the analysis takes 1 s, so the copies surely arrive while the first runs.
  const request = buildRequest('web', sampleMessage(7, { text: 'the same message, ten times at once #slow' }));
  const response = await sendWebhook(target, request);
  const messageId = response.body.message_id!;
  await Promise.all(Array.from({ length: 9 }, () => redeliver(clients, target, messageId, request.message)));
  await waitForCompleted(clients, lab.submissions_table, [messageId], 30_000);
  await waitUntilSettled(60_000);
  const replies = await readReplies(clients, lab.replies_queue_url, { quietMs: 1500, timeoutMs: 20_000, atLeast: 1 });
  assert.is(replies.filter((r) => r.message_id === messageId).length, 1, 'exactly one reply');
  const runs = traceSince(since).filter((e) => e.kind === 'invoke' && e.function === lab.processor_function_name);
  assert.ok(runs.length >= 10, `every delivery ran (${runs.length} invocations)`);
  const logs = traceSince(since).filter((e) => e.kind === 'log' && e.line?.includes(messageId));
  const processed = logs.filter((e) => e.line!.includes('"Message processed"')).length;
  const inProgress = logs.filter((e) => e.line!.includes('Duplicate in progress')).length;
  assert.is(processed, 1, 'processed once');
  assert.ok(inProgress >= 1, `some copies arrived while the first was running (${inProgress}); else this test proves nothing about concurrency`);
});

test('a message the processor keeps failing ends in the Lambda DLQ with its original event; the DLQ alarm emails the alerts topic', async () => {
  await confirmFromOutbox(target, clients);
  await emptyQueue(clients, lab.processor_dlq_url);
  const mailsBefore = readOutbox(outboxDir(target.stateDir)).length;
  const request = buildRequest('whatsapp', sampleMessage(3, { text: 'please fail #fail' }));
  const response = await sendWebhook(target, request);
  assert.is(response.status, 202);
  const messageId = response.body.message_id!;
  const [dead] = await until('the DLQ message', 30_000, async () => {
    const messages = await peek(clients, lab.processor_dlq_url, 10);
    return messages.length > 0 ? messages : undefined;
  });
  const event = JSON.parse(dead!.Body!) as { Records: { Sns: { Message: string; MessageAttributes: Record<string, { Value: string }> } }[] };
  assert.is(event.Records[0]!.Sns.MessageAttributes['message_id']!.Value, messageId, 'the original SNS event');
  assert.equal(JSON.parse(event.Records[0]!.Sns.Message), { ...request.message, client_type: 'whatsapp' });
  assert.match(dead!.MessageAttributes?.['ErrorMessage']?.StringValue ?? '', /Simulated processing failure/);
  assert.is(await getSubmission(clients, lab.submissions_table, messageId), undefined, 'nothing stored');

  const dlqAlarm = lab.alarm_names.find((n) => n.includes('background-processor-dlq'))!;
  await until('the DLQ alarm', 30_000, async () => {
    const { MetricAlarms = [] } = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [dlqAlarm] }));
    return MetricAlarms[0]?.StateValue === 'ALARM' ? true : undefined;
  });
  const mail = await until('the alarm email', 15_000, () =>
    readOutbox(outboxDir(target.stateDir))
      .slice(mailsBefore)
      .find((m) => m.headers['subject']?.startsWith(`ALARM: "${dlqAlarm}"`)),
  );
  // AWS's text for email subscribers, not the JSON other protocols get.
  assert.match(mail.body, new RegExp(`^You are receiving this email because your Amazon CloudWatch Alarm "${dlqAlarm}" in the US East \\(N\\. Virginia\\) region has entered the ALARM state`));
  assert.match(mail.body, /- State Change: +OK -> ALARM/);

  await emptyQueue(clients, lab.processor_dlq_url);
  await until('the alarm back to OK', 30_000, async () => {
    const { MetricAlarms = [] } = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [dlqAlarm] }));
    return MetricAlarms[0]?.StateValue === 'OK' ? true : undefined;
  });
});

test('without the processor permission, SNS cannot deliver: the message waits in the subscription DLQ, the failed-deliveries alarm fires, and a redrive processes it', async () => {
  const subscriptionDlq = lab.ingest_subscription_dlq!;
  await emptyQueue(clients, subscriptionDlq);
  const statement = { FunctionName: lab.processor_function_name, StatementId: 'AllowIngestTopic' };
  await clients.lambda.send(new RemovePermissionCommand(statement));
  let messageId = '';
  try {
    const response = await sendWebhook(target, buildRequest('web', sampleMessage(11, { text: 'nobody may invoke the processor' })));
    assert.is(response.status, 202, 'the webhook accepted it');
    messageId = response.body.message_id!;
    const [kept] = await until('the subscription DLQ message', 15_000, async () => {
      const messages = await peek(clients, subscriptionDlq, 10);
      return messages.length > 0 ? messages : undefined;
    });
    const envelope = JSON.parse(kept!.Body!) as { MessageAttributes: Record<string, { Value: string }> };
    assert.is(envelope.MessageAttributes['message_id']!.Value, messageId, 'the whole SNS message, attributes included');
    const failedAlarm = lab.alarm_names.find((n) => n.endsWith('failed-deliveries'))!;
    await until('the failed-deliveries alarm', 30_000, async () => {
      const { MetricAlarms = [] } = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [failedAlarm] }));
      return MetricAlarms[0]?.StateValue === 'ALARM' ? true : undefined;
    });
  } finally {
    await clients.lambda.send(
      new AddPermissionCommand({ ...statement, Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: lab.ingest_topic_arn! }),
    );
  }
  const moved = await republish(clients, subscriptionDlq, lab.ingest_topic_arn!);
  assert.is(moved.moved, 1);
  const done = await waitForCompleted(clients, lab.submissions_table, [messageId], 30_000);
  assert.ok(done.get(messageId), 'processed after the redrive');
});

test('a submission stuck in pending is republished by the schedule and completed once', async () => {
  await readReplies(clients, lab.replies_queue_url, { quietMs: 500, timeoutMs: 10_000 });
  const messageId = randomUUID();
  const message = { ...sampleMessage(9, { text: 'stuck since an hour ago' }), client_type: 'web' as const };
  await clients.dynamodb.send(
    new PutItemCommand({
      TableName: lab.submissions_table,
      Item: marshall({
        message_id: messageId,
        id: randomUUID(),
        status: 'pending',
        phone_number: message.phone_number,
        client_type: message.client_type,
        media_items: message.media_items,
        input_text: message.text_body,
        created_at: new Date(Date.now() - 3600_000).toISOString(),
        republish_count: 0,
      }),
    }),
  );
  // rate(5 minutes) runs every 3 s at the tests' time scale (0.01).
  const done = await waitForCompleted(clients, lab.submissions_table, [messageId], 30_000);
  const submission = done.get(messageId);
  assert.ok(submission, 'completed');
  assert.is(submission!.republish_count, 1, 'republished once');
  await waitUntilSettled(30_000);
  await sleep(4000); // at least one more scheduled run, which must find nothing to do
  const replies = await readReplies(clients, lab.replies_queue_url, { quietMs: 1500, timeoutMs: 20_000, atLeast: 1 });
  assert.is(replies.filter((r) => r.message_id === messageId).length, 1, 'one reply');
  assert.is((await getSubmission(clients, lab.submissions_table, messageId))!.republish_count, 1, 'not republished again');
});

test.run();
