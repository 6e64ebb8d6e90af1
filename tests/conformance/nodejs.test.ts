// Functions nobody here wrote, as Lambda's Node.js runtimes run them: each test
// names the AWS Lambda developer guide page whose rule it checks. The code is
// zipped by the test and uploaded with CreateFunction, as any tool would.
import { DescribeLogGroupsCommand, FilterLogEventsCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFunctionFrom, createRole, lambda, removeCreated, target, until } from './harness.ts';

const logs = new CloudWatchLogsClient(target.clientConfig);
const LOGS_ALL = { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' };

async function invoke(name: string, event: object = {}): Promise<{ error?: string; payload: Record<string, unknown> }> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));
  return { ...(out.FunctionError ? { error: out.FunctionError } : {}), payload: JSON.parse(Buffer.from(out.Payload ?? []).toString()) as Record<string, unknown> };
}

async function logLines(group: string, until_: (lines: string[]) => boolean): Promise<string[]> {
  return until(`log events in ${group}`, 15_000, async () => {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group })).catch(() => undefined);
    const lines = (page?.events ?? []).map((e) => e.message ?? '');
    return until_(lines) ? lines : undefined;
  });
}

async function groupExists(group: string): Promise<boolean> {
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
  return (logGroups ?? []).some((g) => g.logGroupName === group);
}

test('nodejs-handler: a missing module is Runtime.ImportModuleError, a missing export Runtime.HandlerNotFound, a syntax error Runtime.UserCodeSyntaxError', async () => {
  const role = await createRole('handler-role', []);
  const missing = await createFunctionFrom('no-module', { 'index.js': 'exports.handler = async () => 1;' }, { role, handler: 'app.handler' });
  const unexported = await createFunctionFrom('no-export', { 'index.mjs': 'export const main = async () => 1;' }, { role });
  const broken = await createFunctionFrom('syntax', { 'index.js': 'exports.handler = async () => {' }, { role });
  const a = await invoke(missing);
  assert.is(a.error, 'Unhandled');
  assert.is(a.payload['errorType'], 'Runtime.ImportModuleError');
  assert.match(String(a.payload['errorMessage']), /Cannot find module 'app'/);
  const b = await invoke(unexported);
  assert.equal([b.payload['errorType'], b.payload['errorMessage']], ['Runtime.HandlerNotFound', 'index.handler is undefined or not exported']);
  const c = await invoke(broken);
  assert.is(c.payload['errorType'], 'Runtime.UserCodeSyntaxError');
});

test('lambda-runtimes: each Node.js runtime runs on its own major, and nodejs24.x refuses a callback handler (Runtime.CallbackHandlerDeprecated)', async () => {
  const role = await createRole('runtimes-role', []);
  const code = { 'index.js': 'exports.handler = async () => ({ version: process.version, env: process.env.AWS_EXECUTION_ENV });' };
  for (const [runtime, major] of [['nodejs20.x', 20], ['nodejs22.x', 22], ['nodejs24.x', 24]] as const) {
    const name = await createFunctionFrom(`node${major}`, code, { role, runtime });
    const { payload } = await invoke(name);
    assert.match(String(payload['version']), new RegExp(`^v${major}\\.`), runtime);
    assert.is(payload['env'], `AWS_Lambda_${runtime}`);
  }
  const callback = await createFunctionFrom('callback24', { 'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);' }, { role, runtime: 'nodejs24.x' });
  assert.is((await invoke(callback)).payload['errorType'], 'Runtime.CallbackHandlerDeprecated');
  const python = await createFunctionFrom('python', { 'index.py': 'def handler(e, c):\n  return 1\n' }, { role, runtime: 'python3.12' });
  assert.is((await invoke(python)).payload['errorType'], 'Runtime.InvalidRuntime', 'the function is stored; its invocation says why it cannot run here');
});

test('nodejs-logging: console.log is "<time>\\t<request id>\\tINFO\\t<message>", a multi-line message one event, a thrown error an Invoke Error line', async () => {
  const role = await createRole('logging-role', [LOGS_ALL]);
  const name = await createFunctionFrom(
    'text-logs',
    { 'index.mjs': "export const handler = async (e) => { console.log('hello', e.n); console.warn('two\\nlines'); if (e.fail) throw new TypeError('bad input'); return 1; };" },
    { role },
  );
  await invoke(name, { n: 1 });
  const failed = await invoke(name, { n: 2, fail: true });
  assert.equal([failed.payload['errorType'], failed.payload['errorMessage']], ['TypeError', 'bad input']);
  const lines = await logLines(`/aws/lambda/${name}`, (l) => l.some((x) => x.includes('Invoke Error')));
  assert.ok(lines.some((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\thello 1$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /\tWARN\ttwo\nlines$/.test(l)), 'one event holds both lines');
  const invokeError = lines.find((l) => l.includes('\tERROR\tInvoke Error \t'))!;
  const error = JSON.parse(invokeError.split('Invoke Error \t')[1]!) as { errorType: string; errorMessage: string; stack: string[] };
  assert.equal([error.errorType, error.errorMessage], ['TypeError', 'bad input']);
  assert.match(error.stack[0]!, /^TypeError: bad input/);
  assert.ok(lines.some((l) => /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/.test(l)) && lines.some((l) => l.startsWith('REPORT RequestId: ')));
});

test('monitoring-cloudwatchlogs: the log group is created on first use when the role allows logs:CreateLogGroup, and not otherwise', async () => {
  const code = { 'index.js': "exports.handler = async () => { console.log('logged'); return 1; };" };
  const allowed = await createFunctionFrom('group-allowed', code, { role: await createRole('logs-allowed', [LOGS_ALL]) });
  const denied = await createFunctionFrom('group-denied', code, {
    role: await createRole('logs-no-group', [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }]),
  });
  await invoke(allowed);
  await invoke(denied);
  await logLines(`/aws/lambda/${allowed}`, (l) => l.some((x) => x.endsWith('\tINFO\tlogged')));
  await new Promise((r) => setTimeout(r, 1500)); // the denied function's lines were shipped (and refused) meanwhile
  assert.not.ok(await groupExists(`/aws/lambda/${denied}`), 'no group without logs:CreateLogGroup');
});

test('monitoring-cloudwatchlogs-advanced: LogFormat JSON, an application log level of WARN drops INFO, and a custom log group', async () => {
  const group = `/custom/${Date.now()}`;
  const name = await createFunctionFrom(
    'json-logs',
    { 'index.mjs': "export const handler = async () => { console.info('not shown'); console.warn('shown', 42); return 1; };" },
    { role: await createRole('json-logs', [LOGS_ALL]), logging: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO', LogGroup: group } },
  );
  await invoke(name);
  const lines = await logLines(group, (l) => l.some((x) => x.includes('platform.report')));
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const app = records.filter((r) => 'level' in r);
  assert.equal(app.map((r) => [r['level'], r['message']]), [['WARN', 'shown 42']]);
  assert.match(String(app[0]!['requestId']), /^[0-9a-f-]{36}$/);
  assert.ok(records.some((r) => r['type'] === 'platform.start') && records.some((r) => r['type'] === 'platform.report'));
  assert.not.ok(await groupExists(`/aws/lambda/${name}`), 'nothing goes to the default group');
});

test.after(removeCreated);
test.run();
