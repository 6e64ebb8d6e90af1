import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { breaches, evaluate } from './alarms.ts';

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

test.run();
