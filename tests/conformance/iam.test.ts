// IAM on the local target: a function acts with its execution role, and the
// emulator evaluates the role's policies as AWS does (IAM User Guide,
// "Policy evaluation logic"); Lambda refuses a mapping whose role cannot read
// its source; SNS needs the queue policy to deliver to SQS.
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteRuleCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, CreateEventSourceMappingCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, PublishCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topicMaySendPolicy } from '@streamlab/kit/queues';
import { createProbe, createQueue, createStreamTable, iam, invocations, lambda, removeCreated, sleep, sqs, target, traceEvents, unique, until, type Probe } from './harness.ts';

const sns = new SNSClient(target.clientConfig);
const cloudwatch = new CloudWatchClient(target.clientConfig);
const events = new EventBridgeClient(target.clientConfig);
const account = '123456789012';
const region = target.region;
const tableArn = (name: string) => `arn:aws:dynamodb:${region}:${account}:table/${name}`;

async function table(): Promise<string> {
  return (await createStreamTable(unique('iam-table'))).tableName;
}

/** A role with one inline policy "main"; every role may report to the probe's log queues. */
async function role(statements: object[]): Promise<string> {
  const name = unique('iam-role');
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await setPolicy(name, 'main', [...statements, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${region}:${account}:conf-*` }]);
  return Role!.Arn!;
}

function setPolicy(roleName: string, policyName: string, statements: object[]) {
  return iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
}

/** Invokes the probe synchronously with a DynamoDB call; returns ok or the function's error. */
async function call(probe: Probe, action: 'get-item' | 'put-item', tableName: string): Promise<{ ok: boolean; errorType?: string; errorMessage?: string }> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: Buffer.from(JSON.stringify({ action, table: tableName })) }));
  const payload = JSON.parse(Buffer.from(result.Payload ?? []).toString() || 'null') as { errorType?: string; errorMessage?: string } | null;
  return result.FunctionError ? { ok: false, errorType: payload?.errorType, errorMessage: payload?.errorMessage } : { ok: true };
}

const denied = (action: string, resource: string) =>
  new RegExp(`^User: arn:aws:sts::${account}:assumed-role/conf-iam-role-\\w+/conf-iam-\\w+-\\w+ is not authorized to perform: ${action} on resource: ${resource.replace(/[/.]/g, '\\$&')} because no identity-based policy allows the ${action} action$`);

test('reference_policies_evaluation-logic: an action no policy allows is denied (AccessDeniedException, AWS message)', async () => {
  const t = await table();
  const probe = await createProbe('iam-action', { role: await role([{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn(t) }]) });
  assert.equal(await call(probe, 'get-item', t), { ok: true });
  const since = Date.now();
  const result = await call(probe, 'put-item', t);
  assert.is(result.errorType, 'AccessDeniedException');
  assert.match(result.errorMessage ?? '', denied('dynamodb:PutItem', tableArn(t)));
  // make trace shows the denial with its reason, not only the function's error.
  // (The role allows no logs action either: the get-item call's log lines may be refused after `since` too.)
  const line = traceEvents(since).find((e) => e['kind'] === 'refused' && e['source'] === 'iam' && e['function'] === probe.name && String(e['reason']).includes(' dynamodb:PutItem '));
  assert.ok(line, 'a refused trace line for the denial');
  assert.match(String(line['reason']), denied('dynamodb:PutItem', tableArn(t)));
});

test('reference_policies_evaluation-logic: an allowed action on another resource is denied', async () => {
  const [mine, other] = [await table(), await table()];
  const probe = await createProbe('iam-resource', { role: await role([{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn(mine) }]) });
  assert.equal(await call(probe, 'get-item', mine), { ok: true });
  const result = await call(probe, 'get-item', other);
  assert.is(result.errorType, 'AccessDeniedException');
  assert.match(result.errorMessage ?? '', denied('dynamodb:GetItem', tableArn(other)));
});

test('reference_policies_evaluation-logic: an explicit Deny beats an Allow; removing it restores access', async () => {
  const t = await table();
  const roleArn = await role([{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }]);
  const probe = await createProbe('iam-deny', { role: roleArn });
  assert.equal(await call(probe, 'get-item', t), { ok: true });
  const roleName = roleArn.split('/').at(-1)!;
  await setPolicy(roleName, 'deny', [{ Effect: 'Deny', Action: 'dynamodb:GetItem', Resource: tableArn(t) }]);
  const result = await call(probe, 'get-item', t);
  assert.is(result.errorType, 'AccessDeniedException');
  assert.match(result.errorMessage ?? '', /is not authorized to perform: dynamodb:GetItem on resource: .* with an explicit deny in an identity-based policy$/);
  await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'deny' }));
  assert.equal(await call(probe, 'get-item', t), { ok: true }, 'permissions restored take effect');
});

test('reference_policies_elements_condition: an Allow whose condition does not match does not allow', async () => {
  const t = await table();
  const roleArn = await role([{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn(t), Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }]);
  const probe = await createProbe('iam-condition', { role: roleArn });
  const result = await call(probe, 'get-item', t);
  assert.is(result.errorType, 'AccessDeniedException');
  await setPolicy(roleArn.split('/').at(-1)!, 'main', [
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn(t), Condition: { StringEquals: { 'aws:RequestedRegion': region } } },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${region}:${account}:conf-*` },
  ]);
  assert.equal(await call(probe, 'get-item', t), { ok: true }, 'the matching condition allows it');
});

test('services-sqs-configure (execution role permissions): a mapping whose role cannot read its queue is refused', async () => {
  const queue = await createQueue(unique('iam-source'));
  const probe = await createProbe('iam-mapping', { role: await role([{ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: queue.arn }]) });
  const error = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: probe.name, EventSourceArn: queue.arn, BatchSize: 10 })).catch((e: Error) => e);
  assert.instance(error, Error);
  assert.is((error as Error).name, 'InvalidParameterValueException');
  assert.is((error as Error).message, 'The provided execution role does not have permissions to call ReceiveMessage on SQS');
});

test('sns-send-message-to-sqs-cross-account / subscribe-sqs-queue-to-sns-topic: without a queue policy for the topic, SNS cannot deliver', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('iam-topic') }));
  const queue = await createQueue(unique('iam-target'));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
  const since = Date.now();
  await sns.send(new PublishCommand({ TopicArn, Message: 'no policy yet' }));
  await sleep(300);
  const before = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }));
  assert.is(before.Messages?.length ?? 0, 0, 'not delivered without the queue policy');
  const refused = traceEvents(since).find((e) => e['kind'] === 'refused' && e['source'] === TopicArn);
  assert.match(String(refused?.['reason']), /^SNS could not deliver .+: the queue policy of .+ does not allow sns\.amazonaws\.com/, 'make trace shows why');

  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: topicMaySendPolicy(queue.arn, TopicArn!) } }));
  await sns.send(new PublishCommand({ TopicArn, Message: 'with the policy' }));
  const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 5 }));
  assert.equal(after.Messages?.map((m) => m.Body), ['with the policy'], 'delivered once the policy allows the topic');
});

test('AlarmThatSendsEmail / sns-access-policy-use-cases: an alarm cannot notify a topic whose policy does not allow CloudWatch', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('iam-alerts') }));
  const onlyTheAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sns:Publish', Resource: TopicArn }] };
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(onlyTheAccount) }));
  const queue = await createQueue(unique('iam-alerts-copy'));
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: topicMaySendPolicy(queue.arn, TopicArn!) } }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));

  const alarmName = unique('iam-alarm');
  const metric = { Namespace: 'Conformance/IAM', MetricName: alarmName };
  await cloudwatch.send(
    new PutMetricAlarmCommand({ AlarmName: alarmName, ...metric, Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', AlarmActions: [TopicArn!] }),
  );
  const since = Date.now();
  await cloudwatch.send(new PutMetricDataCommand({ ...metric, MetricData: [{ MetricName: alarmName, Value: 1 }] }));
  const refused = await until('the alarm notification to be refused', 20_000, () =>
    traceEvents(since).find((e) => e['kind'] === 'refused' && e['alarm'] === alarmName),
  );
  assert.match(String(refused['reason']), /cloudwatch\.amazonaws\.com is not authorized to perform: SNS:Publish on resource: .* no statement of the topic policy allows it/);
  assert.is((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }))).Messages?.length ?? 0, 0, 'no notification');

  const allowCloudWatch = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: TopicArn, Condition: { StringEquals: { 'aws:SourceAccount': account } } }] };
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(allowCloudWatch) }));
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: 'reset by the test' }));
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 20 }));
  assert.is(Messages.length, 1, 'the next notification arrives once the policy allows CloudWatch');
  assert.is((JSON.parse(Messages[0]!.Body!) as { AlarmName: string; NewStateValue: string }).NewStateValue, 'ALARM');
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarmName] }));
});

test('with-eventbridge (resource-based policy): a schedule cannot invoke a function whose policy does not allow the rule', async () => {
  const probe = await createProbe('iam-schedule');
  const ruleName = unique('iam-rule');
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: ruleName, ScheduleExpression: 'rate(1 minute)' })); // 0.6 s at the tests' time scale
  await events.send(new PutTargetsCommand({ Rule: ruleName, Targets: [{ Id: 'probe', Arn: probe.arn, Input: JSON.stringify({ id: 'scheduled' }) }] }));
  try {
    const since = Date.now();
    const refused = await until('the scheduled invocation to be refused', 20_000, () => traceEvents(since).find((e) => e['kind'] === 'refused' && e['source'] === RuleArn));
    assert.match(String(refused['reason']), /events\.amazonaws\.com is not authorized to perform: lambda:InvokeFunction on resource: .* no statement of the function policy allows it/);
    assert.equal(await invocations(probe, 0, 1500), [], 'not invoked');

    await lambda.send(new AddPermissionCommand({ FunctionName: probe.name, StatementId: 'schedule', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: RuleArn }));
    const runs = await invocations(probe, 1, 20_000);
    assert.ok(runs.length >= 1, 'invoked once the permission exists');
  } finally {
    await events.send(new RemoveTargetsCommand({ Rule: ruleName, Ids: ['probe'] }));
    await events.send(new DeleteRuleCommand({ Name: ruleName }));
  }
});

test.after(removeCreated);
test.run();
