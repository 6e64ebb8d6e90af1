// Versions, aliases and provisioned concurrency, as a learner's Terraform
// declares them (tests/byo/examples/alias: publish = true, an alias, a
// provisioned concurrency config on it, an SQS mapping, an EventBridge rule
// and a function URL for the alias), judged by
// what the handler reports about how it was invoked.
import { AddPermissionCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, GetPolicyCommand, GetProvisionedConcurrencyConfigCommand, InvokeCommand, LambdaClient, PublishVersionCommand, RemovePermissionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { until } from '../support.ts';
import { clientConfig, deploy, PORT, sh, tsx, type Deployed } from './deploy.ts';

const lambda = new LambdaClient(clientConfig);
const sqs = new SQSClient(clientConfig);
const events = new EventBridgeClient(clientConfig);
/** The runtime's port (the emulator's + 2, local/ports.sh), which serves function URLs by path. */
const runtimeUrl = `http://127.0.0.1:${Number(PORT) + 2}`;
let deployed: Deployed | undefined;
let deployError: Error | undefined; // uvu does not report a failing hook: every test does

interface Report {
  version: string;
  functionVersion: string;
  initializationType: string;
  invokedFunctionArn: string;
  body?: string;
}

const outputs = () => {
  if (deployError) throw deployError;
  return deployed!.outputs;
};

async function invoke(FunctionName: string, Qualifier?: string): Promise<Report> {
  const out = await lambda.send(new InvokeCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}), Payload: Buffer.from('{}') }));
  assert.is(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return JSON.parse(Buffer.from(out.Payload ?? []).toString()) as Report;
}

test.before(async () => {
  deployed = await deploy('alias').catch((error: Error) => {
    deployError = error;
    return undefined;
  });
});

test('apply waits for the alias\'s provisioned concurrency to be READY, with both environments', async () => {
  const { function_name: name } = outputs();
  const config = await lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: 'live' }));
  assert.equal([config.Status, config.RequestedProvisionedConcurrentExecutions, config.AvailableProvisionedConcurrentExecutions], ['READY', 2, 2]);
});

test('the alias runs its version in a prepared environment, and the handler sees the alias ARN', async () => {
  const { function_name: name, version, alias_arn: aliasArn } = outputs();
  assert.is(version, '1');
  assert.equal(await invoke(name!, 'live'), { version: '1', functionVersion: '1', initializationType: 'provisioned-concurrency', invokedFunctionArn: aliasArn });
  assert.equal(await invoke(`${name}:live`), { version: '1', functionVersion: '1', initializationType: 'provisioned-concurrency', invokedFunctionArn: aliasArn });
});

test('a version by number runs that version; $LATEST, unqualified, runs its own on-demand environments', async () => {
  const { function_name: name, alias_arn: aliasArn } = outputs();
  const unqualified = aliasArn!.replace(/:live$/, '');
  const byNumber = await invoke(name!, '1');
  assert.equal([byNumber.version, byNumber.functionVersion, byNumber.invokedFunctionArn], ['1', '1', `${unqualified}:1`]);
  assert.equal(await invoke(name!), { version: '$LATEST', functionVersion: '$LATEST', initializationType: 'on-demand', invokedFunctionArn: unqualified });
});

test("an SQS mapping to the alias delivers to the alias's version", async () => {
  const { orders_queue_url: orders, seen_queue_url: seen, alias_arn: aliasArn } = outputs();
  await sqs.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: 'order-1' }));
  const message = await until('the report of order-1', 30_000, async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: seen, WaitTimeSeconds: 1 }))).Messages?.[0]);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: seen, ReceiptHandle: message.ReceiptHandle }));
  assert.equal(JSON.parse(message.Body!), { version: '1', functionVersion: '1', initializationType: 'provisioned-concurrency', invokedFunctionArn: aliasArn, body: 'order-1' });
});

test("an EventBridge rule whose target is the alias runs the alias's version", async () => {
  const { seen_queue_url: seen, alias_arn: aliasArn } = outputs();
  const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: [{ Source: 'byo.alias', DetailType: 'OrderPlaced', Detail: JSON.stringify({ id: 'event-1' }) }] }));
  assert.is(FailedEntryCount, 0);
  const message = await until('the report of event-1', 30_000, async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: seen, WaitTimeSeconds: 1 }))).Messages?.[0]);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: seen, ReceiptHandle: message.ReceiptHandle }));
  assert.equal(JSON.parse(message.Body!), { version: '1', functionVersion: '1', initializationType: 'provisioned-concurrency', invokedFunctionArn: aliasArn, body: JSON.stringify({ id: 'event-1' }) });
});

test("the alias's function URL runs the alias's version once both its permissions are there; they do not open a URL for $LATEST, whose statements must hold for a NONE URL's call", async () => {
  const { function_name: name, alias_arn: aliasArn, live_url: liveUrl } = outputs();
  assert.match(liveUrl!, /^https:\/\/[a-z0-9]+\.lambda-url\.us-east-1\.on\.aws\/$/, 'the URL AWS hands out');
  // The provider's public lambda:InvokeFunctionUrl alone: since November 2026 every URL also needs lambda:InvokeFunction.
  assert.is((await fetch(`${runtimeUrl}/lambda-url/${name}:live/`)).status, 403);
  // The second statement, as `aws lambda add-permission --invoked-via-function-url` adds it (provider 5.100 cannot).
  await lambda.send(
    new AddPermissionCommand({ FunctionName: name, Qualifier: 'live', StatementId: 'AllowInvokeThroughFunctionUrl', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }),
  );
  const expected = { version: '1', functionVersion: '1', initializationType: 'provisioned-concurrency', invokedFunctionArn: aliasArn };
  const byPath = await until('the alias URL to answer', 10_000, async () => {
    const response = await fetch(`${runtimeUrl}/lambda-url/${name}:live/`);
    return response.status === 403 ? undefined : response;
  });
  assert.is(byPath.status, 200);
  assert.equal(await byPath.json(), expected);
  // AWS's form: the URL's own host name, as the rehearsal's scripts send it (X-Forwarded-Host).
  const byHost = await fetch(`${runtimeUrl}/`, { headers: { 'x-forwarded-host': new URL(liveUrl!).hostname } });
  assert.is(byHost.status, 200);
  assert.equal(await byHost.json(), expected);
  // A URL for $LATEST beside it, with no permission of its own: AWS answers 403.
  const latest = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE' }));
  const latestStatus = async () => (await fetch(`${runtimeUrl}/lambda-url/${name}/`)).status;
  const grants = {
    url: { StatementId: 'PublicUrl', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' as const },
    urlForIamCallers: { StatementId: 'UrlForIamCallers', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'AWS_IAM' as const },
    invoke: { StatementId: 'InvokeThroughUrl', Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true },
  };
  try {
    assert.is.not(latest.FunctionUrl, liveUrl, 'each URL has its own host name');
    assert.is(await latestStatus(), 403);
    for (const grant of [grants.url, grants.invoke]) await lambda.send(new AddPermissionCommand({ FunctionName: name, Principal: '*', ...grant }));
    await until("$LATEST's URL to answer once both statements are there", 10_000, async () => ((await latestStatus()) === 200 ? true : undefined));
    // The same for everyone, but written for AWS_IAM URLs: its condition does not hold for a NONE URL's call.
    await lambda.send(new AddPermissionCommand({ FunctionName: name, Principal: '*', ...grants.urlForIamCallers }));
    await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: grants.url.StatementId }));
    await until("$LATEST's URL to answer 403 with only an AWS_IAM URL's statement", 10_000, async () => ((await latestStatus()) === 403 ? true : undefined));
  } finally {
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: name }));
    for (const { StatementId } of Object.values(grants)) await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId })).catch(() => undefined);
  }
});

/** A policy's statements as [Sid, Resource], sorted; [] when the function, version or alias has no policy. */
async function statements(FunctionName: string, Qualifier?: string): Promise<string[][]> {
  const read = await lambda.send(new GetPolicyCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) })).catch((error: Error) => {
    if (error.name === 'ResourceNotFoundException') return { Policy: undefined };
    throw error;
  });
  if (!read.Policy) return [];
  const { Statement } = JSON.parse(read.Policy) as { Statement: { Sid: string; Resource: string }[] };
  return Statement.map(({ Sid, Resource }) => [Sid, Resource]).sort();
}

test("the alias's permissions are the alias's own policy; the function's policy is apart", async () => {
  const { function_name: name, alias_arn: aliasArn } = outputs();
  const functionArn = aliasArn!.slice(0, -':live'.length);
  const aliasPolicy = [['AllowEventBridge', aliasArn!], ['AllowInvokeThroughFunctionUrl', aliasArn!], ['FunctionURLAllowPublicAccess', aliasArn!]];
  assert.equal(await statements(name!, 'live'), aliasPolicy);
  assert.equal(await statements(name!), [], 'the function itself has no policy');
  // The same statement id on the function is another policy's statement; removing it leaves the alias's.
  const statement = { FunctionName: name, StatementId: 'AllowEventBridge' };
  await lambda.send(new AddPermissionCommand({ ...statement, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' }));
  try {
    assert.equal(await statements(name!), [['AllowEventBridge', functionArn]]);
  } finally {
    await lambda.send(new RemovePermissionCommand(statement));
  }
  assert.equal(await statements(name!, 'live'), aliasPolicy, "the alias's statement is still there");
  const latest = lambda.send(new AddPermissionCommand({ ...statement, Qualifier: '$LATEST', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' }));
  await latest.then(
    () => assert.unreachable('AWS adds no policy to $LATEST'),
    (error: Error) => assert.equal([error.name, error.message], ['InvalidParameterValueException', 'We currently do not support adding policies for $LATEST.']),
  );
});

test('a new version behind the alias gets its own environments; the old one keeps serving calls by number', async () => {
  const { function_name: name } = outputs();
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { SEEN_QUEUE_URL: outputs()['seen_queue_url']!, RELEASE: '2' } } }));
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  assert.is(Version, '2');
  await lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '2' }));
  const moved = await until('the alias serving version 2 from prepared environments', 30_000, async () => {
    const report = await invoke(name!, 'live');
    return report.version === '2' && report.initializationType === 'provisioned-concurrency' && report;
  });
  assert.is(moved.functionVersion, '2');
  assert.is((await invoke(name!, '1')).version, '1');
  // Terraform sees what it applied: a plan after this drift shows the alias and the function to change back.
  const plan = await sh(tsx('tflocal.ts', 'plan', '-input=false', '-no-color', '-detailed-exitcode'), deployed!.dir).catch((error: Error) => error.message);
  assert.match(plan, /aws_lambda_alias\.live will be updated in-place/);
});

test.run();
