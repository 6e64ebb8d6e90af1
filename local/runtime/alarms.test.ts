import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Alarms, breaches, evaluate } from './alarms.ts';
import type { Clients } from './clients.ts';
import type { Trace } from './trace.ts';

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

test('an SQS alarm asks for its queue URL once, and again after a refused read', async () => {
  const asked: string[] = [];
  let queueExists = true;
  const reply = (command: { constructor: { name: string } }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    asked.push(name);
    if (name === 'DescribeAlarms') {
      return { MetricAlarms: [{ AlarmName: 'dlq-depth', StateValue: 'OK', Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'dlq' }], ...alarm, Threshold: 5 }] };
    }
    if (name === 'GetQueueUrl') return { QueueUrl: 'http://127.0.0.1:4566/123456789012/dlq' };
    if (name === 'GetQueueAttributes' && !queueExists) throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
    return { Attributes: { ApproximateNumberOfMessages: '0' } };
  };
  const client = { send: async (command: { constructor: { name: string } }) => reply(command) };
  const errors: unknown[] = [];
  const alarms = new Alarms({ cloudwatch: client, sqs: client, sns: client } as unknown as Clients, { emit: (event: unknown) => errors.push(event) } as unknown as Trace, { intervalMs: 60_000, region: 'us-east-1' });
  alarms.stop();
  const urlReads = () => asked.filter((name) => name === 'GetQueueUrl').length;
  await alarms.evaluateAll();
  await alarms.evaluateAll();
  assert.is(urlReads(), 1, 'two rounds, one GetQueueUrl');
  assert.is(asked.filter((name) => name === 'GetQueueAttributes').length, 2);
  queueExists = false;
  await alarms.evaluateAll();
  assert.is(errors.length, 1, 'a deleted queue is reported');
  queueExists = true;
  await alarms.evaluateAll();
  assert.is(urlReads(), 2, 'after a refused read the URL is asked for again');
});

test.run();
