import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alarmEmailText, awsEmailTime, type AlarmNotification } from './alarm-email.ts';

const notification: AlarmNotification = {
  AlarmName: 'streamlab-local-background-processor-dlq-not-empty',
  AlarmDescription: 'Messages are waiting.',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (02/12/26 01:23:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
  StateChangeTime: '2026-12-02T01:23:45.678Z',
  Region: 'US East (N. Virginia)',
  AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:streamlab-local-background-processor-dlq-not-empty',
  OldStateValue: 'OK',
  OKActions: ['arn:aws:sns:us-east-1:123456789012:streamlab-local-alerts'],
  AlarmActions: ['arn:aws:sns:us-east-1:123456789012:streamlab-local-alerts'],
  InsufficientDataActions: [],
  Trigger: {
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Namespace: 'AWS/SQS',
    Statistic: 'MAXIMUM',
    Unit: null,
    Dimensions: [{ name: 'QueueName', value: 'streamlab-local-background-processor-dlq' }],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    TreatMissingData: 'notBreaching',
  },
};

test("AWS's date format in alarm emails", () => {
  assert.is(awsEmailTime('2026-12-02T01:23:45.678Z'), 'Wednesday 02 December, 2026 01:23:45 UTC');
});

test('the email text: the sentence, the details, the threshold, the metric and the actions', () => {
  const text = alarmEmailText(notification, 'us-east-1');
  const lines = text.split('\n');
  assert.is(
    lines[0],
    'You are receiving this email because your Amazon CloudWatch Alarm "streamlab-local-background-processor-dlq-not-empty" in the US East (N. Virginia) region has entered the ALARM state, because "Threshold Crossed: 1 out of the last 1 datapoints [1.0 (02/12/26 01:23:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition)." at "Wednesday 02 December, 2026 01:23:45 UTC".',
  );
  assert.ok(lines.includes('- State Change:               OK -> ALARM'));
  assert.ok(lines.includes('- The alarm is in the ALARM state when the metric is GreaterThanOrEqualToThreshold 1.0 for at least 1 of the last 1 period(s) of 60 seconds.'));
  assert.ok(lines.includes('- Dimensions:                          [QueueName = streamlab-local-background-processor-dlq]'));
  assert.ok(lines.includes('- Statistic:                           Maximum'));
  assert.ok(lines.includes('- Unit:                                not specified'));
  assert.ok(lines.includes('- INSUFFICIENT_DATA:          []'));
  assert.not.match(text, /^\{/, 'not JSON');
});

test.run();
