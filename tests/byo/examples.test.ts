// Bring your own function: examples written from AWS's documentation (not from
// this repository's lambdas), each with its own Terraform root, deployed the
// way docs/your-own-function.md says (scripts/zip-function.ts, scripts/tflocal.ts)
// and judged by what they do. The runtime knows none of them in advance: it
// runs whatever zip the Lambda API holds.
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '@streamlab/kit/target';
import { until } from '../support.ts';
import { clientConfig, deployAll, sh, type Deployed } from './deploy.ts';

const lambda = new LambdaClient(clientConfig);
const dynamodb = new DynamoDBClient(clientConfig);
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
  deployed = await deployAll(['commonjs', 'esm', 'nested', 'layer', 'node20', 'sdk-unbundled']).catch((error: Error) => {
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

// The learner's tools see the whole account, not only the lab's resources (the lab is not deployed here).
const script = (name: string, ...args: string[]) => sh([`${REPO_ROOT}/node_modules/.bin/tsx`, `${REPO_ROOT}/scripts/${name}`, ...args], REPO_ROOT);

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
