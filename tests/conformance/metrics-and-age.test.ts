// Lambda metrics and the event age limit: each test names the AWS Lambda developer guide page whose rule it checks.
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '@streamlab/kit/target';
import { createProbe, createQueue, drainQueue, invocations, lambda, removeCreated, sleep, target, unique, until } from './harness.ts';

const cloudwatch = new CloudWatchClient(target.clientConfig);
const payload = (body: object) => Buffer.from(JSON.stringify(body));

test('monitoring-metrics: Invocations and Errors reach CloudWatch (AWS/Lambda, FunctionName)', async () => {
  const probe = await createProbe('metrics');
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'ok' }) }));
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, Payload: payload({ id: 'bad', action: 'fail' }) }));
  const sum = async (name: string) => {
    const { Datapoints = [] } = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda', MetricName: name, Dimensions: [{ Name: 'FunctionName', Value: probe.name }],
        StartTime: new Date(Date.now() - 600_000), EndTime: new Date(Date.now() + 60_000), Period: 60, Statistics: ['Sum'],
      }),
    );
    return Datapoints.reduce((n, d) => n + (d.Sum ?? 0), 0);
  };
  await until('the metrics to be flushed', 10_000, async () => (await sum('Invocations')) >= 2 || undefined);
  assert.is(await sum('Invocations'), 2);
  assert.is(await sum('Errors'), 1);
});

test('invocation-async-configuring: an event older than MaximumEventAgeInSeconds is not run; it goes to the DLQ (waits 61 s)', async () => {
  const dlq = await createQueue(unique('age-dlq'));
  const probe = await createProbe('event-age', { deadLetterArn: dlq.arn });
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: probe.name, MaximumEventAgeInSeconds: 60 }));
  // Stop the runtime: the event waits in the inbox, as a throttled event waits on AWS.
  const pid = Number(readFileSync(join(target.stateDir, 'runtime.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await lambda.send(new InvokeCommand({ FunctionName: probe.name, InvocationType: 'Event', Payload: payload({ id: 'stale' }) }));
  await sleep(61_000);
  const up = spawnSync('bash', ['local/up.sh', target.instance, new URL(target.endpoint!).port], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(up.status, 0, up.stderr);
  const [dead] = await drainQueue(dlq.url, 1, 15_000);
  assert.equal(JSON.parse(dead!.body), { id: 'stale' });
  assert.equal(await invocations(probe, 0, 1000), [], 'never invoked');
});

test.after(removeCreated);
test.run();
