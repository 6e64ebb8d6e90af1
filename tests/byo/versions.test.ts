// Versions, aliases and provisioned concurrency, as a learner's Terraform
// declares them (tests/byo/examples/alias: publish = true, an alias, a
// provisioned concurrency config on it and an SQS mapping to it), judged by
// what the handler reports about how it was invoked.
import { GetProvisionedConcurrencyConfigCommand, InvokeCommand, LambdaClient, PublishVersionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { until } from '../support.ts';
import { clientConfig, deploy, sh, tsx, type Deployed } from './deploy.ts';

const lambda = new LambdaClient(clientConfig);
const sqs = new SQSClient(clientConfig);
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
