// Triggers beyond the labs' own: EventBridge patterns and cron rules,
// EventBridge Scheduler, S3 event notifications. Each test names the AWS doc
// page whose rule it checks. The runtime runs with STREAMLAB_TIME_SCALE=0.01,
// so schedule time runs 100 times as fast (a minute is 0.6 s).
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand, TestEventPatternCommand, DeleteRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient, GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProbe, createQueue, createRole, drainQueue, invocations, lambda, removeCreated, sleep, sqs, target, unique } from './harness.ts';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PATTERN_CASE_EVENT, PATTERN_CASES } from '../../local/runtime/event-pattern-cases.ts';

const events = new EventBridgeClient(target.clientConfig);
const scheduler = new SchedulerClient(target.clientConfig);
const s3 = new S3Client({ ...target.clientConfig, forcePathStyle: true });
const iam = new IAMClient(target.clientConfig);
/** Schedules a test leaves running (a rate schedule fires until deleted). */
const schedules: string[] = [];

/** An execution role Scheduler may assume, allowed `actions` on every resource. */
const schedulerRole = (actions: string[]) => createRole('scheduler-role', [{ Effect: 'Allow', Action: actions, Resource: '*' }], 'scheduler.amazonaws.com');

test('eb-event-patterns-content-based-filtering: every comparison operator, through TestEventPattern', async () => {
  // The same table holds the runtime's Lambda event filtering (filter-criteria.test.ts) to EventBridge's answers.
  for (const [name, pattern, expected] of PATTERN_CASES) {
    const { Result } = await events.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(PATTERN_CASE_EVENT) }));
    assert.is(Result, expected, name);
  }
});

test('eb-scheduled-rule-pattern: a cron(...) rule invokes its function on the schedule clock', async () => {
  const probe = await createProbe('cron-rule');
  const name = unique('every-minute');
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: name, ScheduleExpression: 'cron(* * * * ? *)', State: 'ENABLED' }));
  await lambda.send(new AddPermissionCommand({ FunctionName: probe.name, StatementId: 'events', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: RuleArn }));
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'probe', Arn: probe.arn }] }));
  try {
    const calls = await invocations(probe, 2, 15_000);
    assert.ok(calls.length >= 2, `every schedule minute (0.6 s here): ${calls.length} runs`);
    const first = calls[0]!.event as { source: string; 'detail-type': string; resources: string[] };
    assert.is(first.source, 'aws.events');
    assert.is(first['detail-type'], 'Scheduled Event');
    assert.equal(first.resources, [RuleArn]);
  } finally {
    await events.send(new RemoveTargetsCommand({ Rule: name, Ids: ['probe'] }));
    await events.send(new DeleteRuleCommand({ Name: name }));
  }
});

test('eb-use-resource-based: a scheduled rule sends to a queue only once the queue policy lets the rule send', async () => {
  const queue = await createQueue(unique('rule-queue'));
  const name = unique('every-minute-queue');
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' }));
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'queue', Arn: queue.arn, Input: '{"tick":true}' }] }));
  try {
    await sleep(2000); // three runs on the schedule clock
    assert.equal(await drainQueue(queue.url, 0), [], 'refused without a queue policy');
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } } }] };
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: JSON.stringify(policy) } }));
    const [message] = await drainQueue(queue.url, 1);
    assert.is(message!.body, '{"tick":true}', "the target's constant Input");
  } finally {
    await events.send(new RemoveTargetsCommand({ Rule: name, Ids: ['queue'] }));
    await events.send(new DeleteRuleCommand({ Name: name }));
  }
});

test("eb-transform-target-input: the guide's templates, a JSON object with a string value and a quoted string, reach a queue as the guide shows them", async () => {
  const [objectQueue, stringQueue] = [await createQueue(unique('transformed-json')), await createQueue(unique('transformed-text'))];
  const name = unique('transform');
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: ['conformance.ec2'] }), State: 'ENABLED' }));
  for (const queue of [objectQueue, stringQueue]) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } } }] };
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: JSON.stringify(policy) } }));
  }
  const InputPathsMap = { instance: '$.detail.instance-id', state: '$.detail.state' };
  await events.send(
    new PutTargetsCommand({
      Rule: name,
      Targets: [
        { Id: 'json', Arn: objectQueue.arn, InputTransformer: { InputPathsMap, InputTemplate: '{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}' } },
        { Id: 'text', Arn: stringQueue.arn, InputTransformer: { InputPathsMap, InputTemplate: '"instance <instance> is in <state>"' } },
      ],
    }),
  );
  try {
    const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: [{ Source: 'conformance.ec2', DetailType: 'EC2 Instance State-change Notification', Detail: JSON.stringify({ 'instance-id': 'i-0123456789', state: 'RUNNING' }) }] }));
    assert.is(FailedEntryCount, 0);
    const [object] = await drainQueue(objectQueue.url, 1);
    assert.equal(JSON.parse(object!.body), { instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
    const [text] = await drainQueue(stringQueue.url, 1);
    assert.is(text!.body, '"instance i-0123456789 is in RUNNING"');
  } finally {
    await events.send(new RemoveTargetsCommand({ Rule: name, Ids: ['json', 'text'] }));
    await events.send(new DeleteRuleCommand({ Name: name }));
  }
});

test('scheduler schedule-types, context attributes: an at() schedule runs once, with its attributes filled in, and DELETE removes it', async () => {
  const probe = await createProbe('at-schedule');
  const role = await schedulerRole(['lambda:InvokeFunction']);
  const name = unique('once');
  const inOneMinute = new Date(Date.now() + 60_000).toISOString().slice(0, 19);
  await scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      ScheduleExpression: `at(${inOneMinute})`,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: probe.arn, RoleArn: role, Input: JSON.stringify({ id: 'once', schedule: '<aws.scheduler.schedule-arn>', at: '<aws.scheduler.scheduled-time>', attempt: '<aws.scheduler.attempt-number>' }) },
    }),
  );
  const calls = await invocations(probe, 1, 15_000, 2000);
  assert.is(calls.length, 1, 'once');
  const input = calls[0]!.event as { schedule: string; at: string; attempt: string };
  assert.match(input.schedule, new RegExp(`^arn:aws:scheduler:us-east-1:\\d{12}:schedule/default/${name}$`));
  assert.is(input.at, `${inOneMinute}Z`);
  assert.is(input.attempt, '1');
  await sleep(500);
  const gone = await scheduler.send(new GetScheduleCommand({ Name: name })).then(() => false, (error: Error) => error.name === 'ResourceNotFoundException');
  assert.ok(gone, 'ActionAfterCompletion DELETE deleted it');
});

test('scheduler configuring-schedule-dlq: a target the execution role may not call is not retried; its input goes to the DLQ with the error', async () => {
  const queue = await createQueue(unique('scheduler-target'));
  const dlq = await createQueue(unique('scheduler-dlq'));
  const role = await schedulerRole(['sqs:GetQueueUrl']); // sqs:SendMessage is missing, for the target and the DLQ alike…
  const name = unique('denied');
  schedules.push(name);
  await scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: queue.arn, RoleArn: role, Input: 'tick', DeadLetterConfig: { Arn: dlq.arn }, RetryPolicy: { MaximumRetryAttempts: 3 } },
    }),
  );
  await sleep(3000);
  assert.equal(await drainQueue(queue.url, 0), [], 'the target got nothing');
  // …so the dead-letter event itself is refused too, and only the trace says so: give the role the DLQ.
  await iam.send(new PutRolePolicyCommand({ RoleName: role.split('/').at(-1)!, PolicyName: 'dlq', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq.arn }] }) }));
  const [dead] = await drainQueue(dlq.url, 1, 10_000);
  assert.is(dead!.body, 'tick', 'the input, as the target would have had it');
  assert.is(dead!.messageAttributes['ERROR_CODE']?.StringValue, 'AccessDenied');
  assert.is(dead!.messageAttributes['RETRY_ATTEMPTS']?.StringValue, '0', 'a permission error is not retried');
  assert.is(dead!.messageAttributes['TARGET_ARN']?.StringValue, queue.arn);
});

test('notification-how-to-filtering, notification-content-structure: S3 sends a test event, then only keys that match the prefix', async () => {
  const bucket = unique('uploads');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queue = await createQueue(unique('s3-events'));
  const notify = () =>
    s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { QueueConfigurations: [{ Id: 'images', QueueArn: queue.arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } } }] },
      }),
    );
  const refused = await notify().then(() => undefined, (error: Error) => error);
  assert.is(refused?.name, 'InvalidArgument', 'the queue policy does not let S3 send yet');
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` } } }] };
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: JSON.stringify(policy) } }));
  await notify();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'images/cat.png', Body: 'png' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes/todo.txt', Body: 'txt' }));
  const bodies = (await drainQueue(queue.url, 2)).map((m) => JSON.parse(m.body) as { Event?: string; Records?: { eventName: string; s3: { object: { key: string } } }[] });
  assert.is(bodies.length, 2, 'the test event and one record');
  assert.is(bodies[0]!.Event, 's3:TestEvent');
  assert.is(bodies[1]!.Records![0]!.s3.object.key, 'images/cat.png');
  assert.is(bodies[1]!.Records![0]!.eventName, 'ObjectCreated:Put');
});

test.after(async () => {
  for (const Name of schedules) await scheduler.send(new DeleteScheduleCommand({ Name })).catch(() => undefined);
  await removeCreated();
});
test.run();
