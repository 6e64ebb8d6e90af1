// Bring your own function: examples written from AWS's documentation (not from
// this repository's lambdas), each with its own Terraform root, deployed the
// way docs/your-own-function.md says (scripts/zip-function.ts, scripts/tflocal.ts)
// and judged by what they do. The runtime knows none of them in advance: it
// runs whatever zip the Lambda API holds.
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '@streamlab/kit/target';
import { signedFetch, type SigningKeys } from '../signed-fetch.ts';
import { until } from '../support.ts';
import { clientConfig, deployAll, PORT, sh, tsx, type Deployed } from './deploy.ts';

const lambda = new LambdaClient(clientConfig);
const dynamodb = new DynamoDBClient(clientConfig);
const sqs = new SQSClient(clientConfig);
const events = new EventBridgeClient(clientConfig);
let deployed: Map<string, Deployed>;
let deployError: Error | undefined; // uvu does not report a failing hook: every test does

async function invoke(example: string, event: object): Promise<{ error?: string; payload: unknown }> {
  if (deployError) throw deployError;
  const name = deployed.get(example)!.outputs['function_name']!;
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));
  const text = Buffer.from(out.Payload ?? []).toString();
  return { ...(out.FunctionError ? { error: out.FunctionError } : {}), payload: text ? JSON.parse(text) : null };
}

test.before(async () => {
  deployed = await deployAll(['commonjs', 'esm', 'nested', 'layer', 'node20', 'sdk-unbundled', 'destinations', 'url-iam', 'eventbridge']).catch((error: Error) => {
    deployError = error;
    return new Map();
  });
});

test('a CommonJS handler (index.js, exports.handler) runs and sees its context', async () => {
  const { error, payload } = await invoke('commonjs', { name: 'Ada' });
  assert.is(error, undefined, JSON.stringify(payload));
  assert.equal(payload, { greeting: 'Hello, Ada', function: 'byo-commonjs' });
});

test('an ES module handler (index.mjs) runs', async () => {
  const { payload } = await invoke('esm', { name: 'Grace' });
  assert.equal(payload, { statusCode: 200, body: JSON.stringify('Hello from Lambda, Grace!') });
});

test('a handler in a nested folder under "type": "module" (src/handlers/app.handler) runs', async () => {
  const { payload } = await invoke('nested', { items: [1, 2, 3] });
  assert.equal(payload, { nested: true, items: 3 });
});

test('a package only a layer holds is importable from an ES module', async () => {
  const { error, payload } = await invoke('layer', { name: 'Linus' });
  assert.is(error, undefined, JSON.stringify(payload));
  assert.equal(payload, { message: 'Hello from a layer, Linus' });
});

test('nodejs20.x runs on Node 20, and a callback handler answers', async () => {
  const { payload } = await invoke('node20', {});
  const { version, executionEnv } = payload as { version: string; executionEnv: string };
  assert.match(version, /^v20\./);
  assert.is(executionEnv, 'AWS_Lambda_nodejs20.x');
});

test('the runtime-included AWS SDK, allowed by a policy without "Version", writes to DynamoDB', async () => {
  const { error, payload } = await invoke('sdk-unbundled', { id: 'note-1' });
  assert.is(error, undefined, JSON.stringify(payload));
  const item = await dynamodb.send(new GetItemCommand({ TableName: 'byo-notes', Key: { id: { S: 'note-1' } } }));
  assert.is(item.Item?.['note']?.S, 'written by a function with an unbundled SDK');
});

test('destinations: an asynchronous success sends its invocation record to a Lambda function (OnSuccess), a failure to an SQS queue (OnFailure)', async () => {
  if (deployError) throw deployError;
  const { function_name: worker, failures_queue_url: queueUrl } = deployed.get('destinations')!.outputs;
  const send = (event: object) => lambda.send(new InvokeCommand({ FunctionName: worker, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
  assert.is((await send({ id: 'order-ok' })).StatusCode, 202);
  assert.is((await send({ id: 'order-bad', fail: true })).StatusCode, 202);
  const stored = await until('the recorder to store the success record', 30_000, async () => {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'byo-dest-records', Key: { id: { S: 'order-ok' } } }));
    return Item;
  });
  assert.is(stored['condition']?.S, 'Success');
  assert.equal(JSON.parse(stored['response']!.S!), { processed: 'order-ok' });
  const failure = await until('the failure record in byo-dest-failures', 30_000, async () => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    return Messages?.[0];
  });
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: failure.ReceiptHandle }));
  const record = JSON.parse(failure.Body!) as { requestContext: { condition: string; functionArn: string }; requestPayload: { id: string }; responsePayload: { errorMessage: string } };
  assert.is(record.requestContext.condition, 'RetriesExhausted');
  assert.match(record.requestContext.functionArn, /:function:byo-dest-worker:\$LATEST$/);
  assert.is(record.requestPayload.id, 'order-bad');
  assert.is(record.responsePayload.errorMessage, 'order order-bad was refused');
});

/** A request to the function URL as the local runtime serves it, SigV4-signed with these keys (or unsigned). */
async function callUrl(path: string, keys?: SigningKeys, extra: Record<string, string> = {}): Promise<Response> {
  const url = new URL(`http://127.0.0.1:${Number(PORT) + 2}/lambda-url/byo-url-iam${path}`);
  return signedFetch(url, { method: 'POST', body: JSON.stringify({ hello: 'world' }), headers: { 'content-type': 'application/json', ...extra }, ...(keys ? { keys } : {}), service: 'lambda' });
}

test('an AWS_IAM function URL answers a caller allowed lambda:InvokeFunctionUrl and lambda:InvokeFunction, and 403 Forbidden to an unsigned request, a tampered one, a caller without them and one with the first only', async () => {
  if (deployError) throw deployError;
  const out = deployed.get('url-iam')!.outputs;
  assert.match(out['function_url']!, /^https:\/\/[a-z0-9]+\.lambda-url\.us-east-1\.on\.aws\/$/, 'the URL AWS hands out, ending in /');
  const caller = { accessKeyId: out['caller_key']!, secretAccessKey: out['caller_secret']! };
  const allowed = await callUrl('/orders', caller);
  assert.is(allowed.status, 200, await allowed.clone().text());
  assert.is(((await allowed.json()) as { path: string }).path, '/orders');
  for (const [what, response] of [
    ['unsigned', await callUrl('/orders')],
    ['a caller without lambda:InvokeFunctionUrl', await callUrl('/orders', { accessKeyId: out['stranger_key']!, secretAccessKey: out['stranger_secret']! })],
    ['a caller with lambda:InvokeFunctionUrl only', await callUrl('/orders', { accessKeyId: out['half_key']!, secretAccessKey: out['half_secret']! })],
    ['a wrong secret', await callUrl('/orders', { accessKeyId: caller.accessKeyId, secretAccessKey: 'not-the-secret' })],
  ] as const) {
    assert.is(response.status, 403, what);
    assert.equal(await response.json(), { Message: 'Forbidden' }, what);
  }
});

test('a function URL answers a CORS preflight from an allowed origin without invoking the function', async () => {
  if (deployError) throw deployError;
  const url = `http://127.0.0.1:${Number(PORT) + 2}/lambda-url/byo-url-iam/orders`;
  const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
  assert.is(preflight.status, 200);
  assert.is(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(preflight.headers.get('access-control-allow-methods')?.split(',').sort(), ['GET', 'POST']);
  assert.is(preflight.headers.get('access-control-max-age'), '300');
  const other = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
  assert.is(other.headers.get('access-control-allow-origin'), null, 'no CORS headers for an origin not allowed');
});

test('an EventBridge rule on a custom bus invokes its Lambda target, and notifies its SNS target, with the matching events only', async () => {
  if (deployError) throw deployError;
  const bus = deployed.get('eventbridge')!.outputs['bus_name']!;
  const put = (detailType: string, orderId: string) => ({ EventBusName: bus, Source: 'shop.orders', DetailType: detailType, Detail: JSON.stringify({ orderId }) });
  const { FailedEntryCount, Entries } = await events.send(new PutEventsCommand({ Entries: [put('OrderPlaced', 'eb-1'), put('OrderCancelled', 'eb-2')] }));
  assert.is(FailedEntryCount, 0);
  assert.is(Entries?.length, 2);
  const stored = await until('the placed order in byo-eb-orders', 30_000, async () => (await dynamodb.send(new GetItemCommand({ TableName: 'byo-eb-orders', Key: { orderId: { S: 'eb-1' } } }))).Item);
  assert.equal([stored['source']?.S, stored['detailType']?.S], ['shop.orders', 'OrderPlaced']);
  const cancelled = await dynamodb.send(new GetItemCommand({ TableName: 'byo-eb-orders', Key: { orderId: { S: 'eb-2' } } }));
  assert.is(cancelled.Item, undefined, 'the rule does not match OrderCancelled');
  // The topic's queue subscriber got the same event (raw delivery: the event itself is the body).
  const copies = deployed.get('eventbridge')!.outputs['copies_queue_url']!;
  const copy = await until('the event in byo-order-placed-copies', 30_000, async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: copies, WaitTimeSeconds: 1 }))).Messages?.[0]);
  const event = JSON.parse(copy.Body!) as { source: string; 'detail-type': string; detail: { orderId: string } };
  assert.equal([event.source, event['detail-type'], event.detail.orderId], ['shop.orders', 'OrderPlaced', 'eb-1']);
});

// The learner's tools see the whole account, not only the lab's resources (the lab is not deployed here).
const script = (name: string, ...args: string[]) => sh(tsx(name, ...args), REPO_ROOT);

test("logs.ts reads a learner's function: its log group was created on first use, lines in Lambda's text format", async () => {
  const out = await until('the EVENT line in /aws/lambda/byo-commonjs', 15_000, async () => {
    const text = await script('logs.ts', '--function', 'byo-commonjs', '--since', '1h').catch(() => '');
    return text.includes('EVENT:') ? text : undefined;
  });
  assert.match(out, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
  assert.match(out, /\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\tEVENT: \{"name":"Ada"\}/);
  assert.match(out, /REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/);
});

test("table.ts reads a learner's table by its name", async () => {
  const out = await script('table.ts', '--table', 'byo-notes');
  assert.match(out, /byo-notes: 1 item\(s\)/);
  assert.match(out, /"note":"written by a function with an unbundled SDK"/);
});

test.run();
