// Asynchronous invocation (SNS → Lambda, Invoke with InvocationType=Event): each test names the AWS
// Lambda developer guide page whose rule it checks. The runtime runs with STREAMLAB_TIME_SCALE=0.01,
// so Lambda's 1 and 2 minute retry pauses take 0.6 and 1.2 s.
import { AddPermissionCommand, InvokeCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createProbe, createQueue, createRole, drainQueue, invocations, lambda, removeCreated, target, unique } from './harness.ts';
import { resourceName } from '@streamlab/kit/arn';

const cloudwatch = new CloudWatchClient(target.clientConfig);
const sns = new SNSClient(target.clientConfig);
const event = (body: object) => Buffer.from(JSON.stringify(body));
const events = new EventBridgeClient(target.clientConfig);
const sqsClient = new SQSClient(target.clientConfig);

test('invocation-async-error-handling: a failing event is retried twice, about 1 then 2 minutes apart (scaled), then its original event goes to the DLQ', async () => {
  const dlq = await createQueue(unique('async-dlq'));
  const probe = await createProbe('async-retry', { deadLetterArn: dlq.arn });
  const original = { id: 'boom', action: 'fail' };
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: event(original) }));
  const calls = await invocations(probe, 3, 10_000, 2000);
  assert.is(calls.length, 3, 'the first attempt and two retries');
  const gap1 = calls[1]!.startedAt - calls[0]!.startedAt;
  const gap2 = calls[2]!.startedAt - calls[1]!.startedAt;
  // Lower bounds only: the pauses are AWS's minimums, and a loaded machine may stretch either one
  // (a slow first retry once made gap1 longer than gap2). A 1-minute second pause fails gap2's bound.
  assert.ok(gap1 >= 550 && gap2 >= 1150, `gaps ${gap1} ms and ${gap2} ms (60 s and 120 s × 0.01)`);
  const [dead] = await drainQueue(dlq.url, 1);
  assert.equal(JSON.parse(dead!.body), original, 'the DLQ receives the original event');
  assert.match(dead!.messageAttributes['ErrorMessage']?.StringValue ?? '', /probe failure/);
});

test('invocation-async-configuring: MaximumRetryAttempts 0 and an OnFailure destination that receives the invocation record', async () => {
  const destination = await createQueue(unique('async-onfailure'));
  const probe = await createProbe('async-noretry');
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: probe.name, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: destination.arn } } }));
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: event({ id: 'once', action: 'fail' }) }));
  const calls = await invocations(probe, 1, 10_000, 1500);
  assert.is(calls.length, 1, 'no retry');
  const [record] = await drainQueue(destination.url, 1);
  const r = JSON.parse(record!.body) as { requestContext: { condition: string; approximateInvokeCount: number; functionArn: string }; requestPayload: unknown; responsePayload: { errorMessage: string } };
  assert.is(r.requestContext.condition, 'RetriesExhausted');
  assert.is(r.requestContext.approximateInvokeCount, 1);
  assert.equal(r.requestPayload, { id: 'once', action: 'fail' });
  assert.match(r.responsePayload.errorMessage, /probe failure/);
});

test('invocation-async-error-handling: reserved concurrency 1 throttles a burst; every event waits and runs, one at a time', async () => {
  const probe = await createProbe('async-throttle', { reserved: 1 });
  for (let i = 0; i < 5; i += 1) {
    await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: event({ id: `e${i}`, action: 'sleep', ms: 200 }) }));
  }
  const calls = await invocations(probe, 5, 15_000);
  assert.equal(calls.map((c) => c.items[0]!.id).sort(), ['e0', 'e1', 'e2', 'e3', 'e4']);
  for (let i = 1; i < calls.length; i += 1) {
    assert.ok(calls[i]!.startedAt - calls[i - 1]!.startedAt >= 190, 'never two at once');
  }
});

test('with-sns: SNS gives Lambda the real TopicArn, MessageId, Subject, Message and MessageAttributes', async () => {
  const probe = await createProbe('sns-event');
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('topic') }));
  await lambda.send(new AddPermissionCommand({ FunctionName: probe.name, StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: TopicArn }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: probe.arn }));
  const message = JSON.stringify({ id: 'hello' });
  const { MessageId } = await sns.send(
    new PublishCommand({ TopicArn, Subject: 'Greetings', Message: message, MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } } }),
  );
  const [call] = await invocations(probe, 1);
  const record = (call!.event!['Records'] as { EventSource: string; Sns: Record<string, unknown> }[])[0]!;
  assert.is(record.EventSource, 'aws:sns');
  assert.is(record.Sns['TopicArn'], TopicArn);
  assert.is(record.Sns['MessageId'], MessageId);
  assert.is(record.Sns['Subject'], 'Greetings');
  assert.is(record.Sns['Message'], message);
  assert.equal(record.Sns['MessageAttributes'], { kind: { Type: 'String', Value: 'greeting' } });
  assert.ok(Math.abs(Date.parse(record.Sns['Timestamp'] as string) - Date.now()) < 30_000, 'a real timestamp');
});

test('with-sns: without a resource policy allowing the topic, SNS cannot deliver and counts NumberOfNotificationsFailed', async () => {
  const probe = await createProbe('sns-denied');
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('topic') }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: probe.arn }));
  await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ id: 'denied' }) }));
  const started = Date.now();
  let failed = 0;
  while (Date.now() - started < 10_000 && failed === 0) {
    const stats = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: resourceName(TopicArn!) }],
        StartTime: new Date(started - 60_000),
        EndTime: new Date(Date.now() + 60_000),
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    failed = (stats.Datapoints ?? []).reduce((sum, p) => sum + (p.Sum ?? 0), 0);
    if (failed === 0) await new Promise((r) => setTimeout(r, 200));
  }
  assert.is(failed, 1);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await invocations(probe, 0, 100), [], 'the function never ran');
});

test('invocation-async-retain-records: OnSuccess to SQS receives the Success record; OnFailure to an EventBridge bus a "Lambda Function Invocation Result - Failure" event', async () => {
  const successes = await createQueue(unique('async-onsuccess'));
  // The bus's rule forwards every event from Lambda to a queue the test reads (EventBridge needs the queue's permission).
  const bus = unique('async-bus');
  const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: bus }));
  const seen = await createQueue(unique('async-bus-seen'));
  await sqsClient.send(
    new SetQueueAttributesCommand({
      QueueUrl: seen.url,
      Attributes: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: seen.arn }] }) },
    }),
  );
  await events.send(new PutRuleCommand({ Name: `${bus}-all`, EventBusName: bus, EventPattern: JSON.stringify({ source: ['lambda'] }) }));
  await events.send(new PutTargetsCommand({ Rule: `${bus}-all`, EventBusName: bus, Targets: [{ Id: 'seen', Arn: seen.arn }] }));
  // The function's role must allow sending to each destination (sqs:SendMessage, events:PutEvents).
  const role = await createRole('async-destinations', [{ Effect: 'Allow', Action: ['sqs:*', 'logs:*', 'events:PutEvents'], Resource: '*' }]);
  const probe = await createProbe('async-destinations', { role });
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: probe.name,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: successes.arn }, OnFailure: { Destination: EventBusArn! } },
    }),
  );
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: event({ id: 'fine' }) }));
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: event({ id: 'bad', action: 'fail' }) }));
  const [success] = await drainQueue(successes.url, 1, 20_000);
  const ok = JSON.parse(success!.body) as { requestContext: { condition: string; functionArn: string }; requestPayload: unknown; responseContext: { statusCode: number; functionError?: string } };
  assert.is(ok.requestContext.condition, 'Success');
  assert.is(ok.requestContext.functionArn, `${probe.arn}:$LATEST`);
  assert.equal(ok.requestPayload, { id: 'fine' });
  assert.equal(ok.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
  const [forwarded] = await drainQueue(seen.url, 1, 20_000);
  const failure = JSON.parse(forwarded!.body) as { source: string; 'detail-type': string; resources: string[]; detail: { requestContext: { condition: string }; requestPayload: unknown } };
  assert.is(failure.source, 'lambda');
  assert.is(failure['detail-type'], 'Lambda Function Invocation Result - Failure');
  assert.ok(failure.resources.includes(`${probe.arn}:$LATEST`), failure.resources.join(', '));
  assert.is(failure.detail.requestContext.condition, 'RetriesExhausted');
  assert.equal(failure.detail.requestPayload, { id: 'bad', action: 'fail' });
});

test.after(removeCreated);
test.run();
