// Functions and synchronous Invoke: each test names the AWS Lambda developer guide page whose rule it checks.
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProbe, invocations, lambda, removeCreated, target } from './harness.ts';

const payload = (body: object) => Buffer.from(JSON.stringify(body));
const decode = (bytes?: Uint8Array) => JSON.parse(Buffer.from(bytes ?? []).toString() || 'null') as Record<string, unknown>;

test('invocation-sync: Invoke returns the payload; a function error sets FunctionError', async () => {
  const probe = await createProbe('sync');
  const ok = await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'x' }) }));
  assert.is(ok.StatusCode, 200);
  assert.is(ok.FunctionError, undefined);
  assert.equal(decode(ok.Payload), { ok: true, id: 'x' });
  const bad = await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'y', action: 'fail' }) }));
  assert.is(bad.FunctionError, 'Unhandled');
  assert.match(String(decode(bad.Payload)['errorMessage']), /probe failure/);
});

test('configuration-concurrency: a synchronous Invoke beyond reserved concurrency answers TooManyRequestsException (429), and runs once a slot is free', async () => {
  const probe = await createProbe('sync-throttle', { reserved: 1 });
  const once = new LambdaClient({ ...target.clientConfig, maxAttempts: 1 }); // the SDK retries throttling by default
  // The first call holds the only slot for 8 s: long enough to see it start and be refused beside it on a machine busy with the other suites (2 s was not, once).
  const first = lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'busy', action: 'sleep', ms: 8000 }) }));
  const started = await invocations(probe, 1, 10_000, 0); // the first one holds the only slot now
  const error = await once.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'refused' }) })).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.instance(error, TooManyRequestsException);
  const refused = error as TooManyRequestsException;
  assert.is(refused.$metadata.httpStatusCode, 429);
  assert.is(refused.message, 'Rate Exceeded.');
  assert.is(refused.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  assert.is((await first).FunctionError, undefined);
  const after = await once.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'later' }) }));
  assert.equal(decode(after.Payload), { ok: true, id: 'later' });
  const ids = [...started, ...(await invocations(probe, 1, 5000))].map((c) => c.items[0]!.id);
  assert.equal(ids.sort(), ['busy', 'later'], 'the refused call never ran');
});

test('configuration-timeout: a function is stopped at its timeout with "Task timed out"', async () => {
  const probe = await createProbe('timeout', { timeout: 1 });
  const started = Date.now();
  const r = await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 't', action: 'sleep', ms: 5000 }) }));
  const took = Date.now() - started;
  assert.is(r.FunctionError, 'Unhandled');
  assert.is(decode(r.Payload)['errorMessage'], 'Task timed out after 1.00 seconds');
  // A run that was not stopped would last the whole 5 s sleep; the rest is a cold start, slow when loaded.
  assert.ok(took >= 1000 && took < 5000, `stopped after ${took} ms`);
});

test('nodejs-context: context carries functionName, awsRequestId and the remaining time', async () => {
  const probe = await createProbe('context', { timeout: 3 });
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'c' }) }));
  const [call] = await invocations(probe, 1);
  assert.is(call!.functionName, probe.name);
  assert.match(call!.awsRequestId, /^[0-9a-f-]{36}$/);
  assert.ok(call!.remainingMs > 2000 && call!.remainingMs <= 3000, `remaining ${call!.remainingMs} ms of 3000`);
});

test('lambda-runtime-environment: warm instances are reused; each function has its own environment', async () => {
  const a = await createProbe('env-a');
  const b = await createProbe('env-b');
  for (let i = 0; i < 3; i += 1) await lambda.send(new InvokeCommand({ FunctionName: a.name, Payload: payload({ id: `a${i}` }) }));
  await lambda.send(new InvokeCommand({ FunctionName: b.name, Payload: payload({ id: 'b0' }) }));
  const callsA = await invocations(a, 3);
  const [callB] = await invocations(b, 1);
  assert.equal(callsA.map((c) => c.invocationsInThisInstance), [1, 2, 3], 'the same warm instance served all three');
  assert.is(new Set(callsA.map((c) => c.instanceId)).size, 1);
  assert.is(callsA[0]!.tag, a.name);
  assert.is(callB!.tag, b.name, 'b sees its own PROBE_TAG');
  assert.is.not(callB!.instanceId, callsA[0]!.instanceId);
});

test.after(removeCreated);
test.run();
