import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Alarms, breaches, evaluate } from './alarms.ts';
import type { Clients } from './clients.ts';
import type { Trace } from './trace.ts';
import type { AlarmRead, AlarmReadQuery } from './protocol.ts';

const alarm = { ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, EvaluationPeriods: 1 } as const;

test('breaches: the four comparisons', () => {
  assert.ok(breaches(alarm, 1));
  assert.not.ok(breaches(alarm, 0.5));
  assert.not.ok(breaches({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 1 }, 1));
  assert.ok(breaches({ ComparisonOperator: 'LessThanThreshold', Threshold: 1 }, 0));
  assert.ok(breaches({ ComparisonOperator: 'LessThanOrEqualToThreshold', Threshold: 1 }, 1));
});

test('evaluate: a breaching datapoint is ALARM, a quiet one OK', () => {
  assert.is(evaluate({ ...alarm }, [3]).state, 'ALARM');
  assert.is(evaluate({ ...alarm }, [0]).state, 'OK');
  assert.is(evaluate({ ...alarm }, [3]).reason, 'Threshold Crossed: 1 out of the last 1 datapoints [3.0] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).');
  assert.is(evaluate({ ...alarm }, [0]).reason, 'Threshold Crossed: 1 out of the last 1 datapoints [0.0] was not greater than or equal to the threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).');
});

test('evaluate: TreatMissingData decides when there is no data', () => {
  assert.is(evaluate({ ...alarm }, [undefined]).state, 'INSUFFICIENT_DATA');
  assert.is(evaluate({ ...alarm, TreatMissingData: 'notBreaching' }, [undefined]).state, 'OK');
  assert.is(evaluate({ ...alarm, TreatMissingData: 'breaching' }, [undefined]).state, 'ALARM');
  assert.is(evaluate({ ...alarm, TreatMissingData: 'ignore' }, [undefined]).state, 'UNCHANGED');
});

test('evaluate: M of N (DatapointsToAlarm) over the latest EvaluationPeriods', () => {
  const twoOfThree = { ...alarm, EvaluationPeriods: 3, DatapointsToAlarm: 2 };
  assert.is(evaluate(twoOfThree, [5, 0, 5]).state, 'ALARM');
  assert.is(evaluate(twoOfThree, [5, 0, 0]).state, 'OK');
  assert.is(evaluate(twoOfThree, [9, 9, 0, 0, 5]).state, 'OK', 'only the last three periods count');
});

test('a round reads every alarm in one request, evaluates each with its read, and reports a failed read alone', async () => {
  const dlqAlarm = { AlarmName: 'dlq-depth', AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:dlq-depth', StateValue: 'OK', Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'dlq' }], ...alarm, Threshold: 5 };
  const errorsAlarm = { AlarmName: 'errors', AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors', StateValue: 'OK', Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }], Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };
  const mathAlarm = { AlarmName: 'math', StateValue: 'OK', Metrics: [] };
  const sent: string[] = [];
  const states: Record<string, string> = {};
  const client = {
    send: async (command: { constructor: { name: string }; input: { AlarmName?: string; StateValue?: string } }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push(name);
      if (name === 'DescribeAlarms') return { MetricAlarms: [dlqAlarm, mathAlarm, errorsAlarm] };
      if (name === 'SetAlarmState') states[command.input.AlarmName!] = command.input.StateValue!;
      return {};
    },
  };
  const rounds: AlarmReadQuery[][] = [];
  let answers: AlarmRead[] = [];
  const events: { kind: string; reason?: string }[] = [];
  const alarms = new Alarms({ cloudwatch: client, sqs: client, sns: client } as unknown as Clients, { emit: (event: { kind: string }) => events.push(event) } as unknown as Trace, {
    intervalMs: 60_000,
    region: 'us-east-1',
    reads: async (queries) => {
      rounds.push(queries);
      return answers;
    },
  });
  alarms.stop();

  answers = [{ value: '7' }, { datapoints: [{ timestampMs: Date.now() - 30_000, value: 2 }] }];
  await alarms.evaluateAll();
  assert.is(rounds.length, 1, 'one request for the round');
  const [queue, metric] = rounds[0]!;
  assert.equal(queue, { account: '123456789012', region: 'us-east-1', queueName: 'dlq', attribute: 'ApproximateNumberOfMessages' });
  assert.ok(metric && 'metricName' in metric && metric.metricName === 'Errors' && metric.period === 60 && metric.endMs - metric.startMs === 60_000, 'the metric alarm reads its window');
  assert.equal(states, { 'dlq-depth': 'ALARM', errors: 'ALARM' }, 'each alarm evaluated with its own read');
  assert.equal(sent.filter((n) => n !== 'DescribeAlarms' && n !== 'SetAlarmState' && n !== 'Publish'), [], 'no other AWS call');

  answers = [{ error: 'QueueDoesNotExist: The specified queue does not exist.' }, { datapoints: [] }];
  await alarms.evaluateAll();
  const errors = events.filter((e) => e.kind === 'error');
  assert.is(errors.length, 1, 'a deleted queue is reported');
  assert.match(errors[0]!.reason ?? '', /^alarm dlq-depth: QueueDoesNotExist/);
  assert.is(states['errors'], 'INSUFFICIENT_DATA', 'the other alarm is still evaluated');
});

test.run();
