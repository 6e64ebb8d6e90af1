import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nameOf, parseArn, resourceName } from './arn.ts';

test('parseArn splits the six parts and keeps the resource whole', () => {
  assert.equal(parseArn('arn:aws:lambda:us-east-1:123456789012:function:proc:live'), {
    partition: 'aws',
    service: 'lambda',
    region: 'us-east-1',
    account: '123456789012',
    resource: 'function:proc:live',
  });
  assert.throws(() => parseArn('streamlab-local-Orders'), /not an ARN/);
});

test('resourceName names the resource of each service the lab uses', () => {
  assert.is(resourceName('arn:aws:lambda:us-east-1:1:function:streamlab-local-OrderProcessor'), 'streamlab-local-OrderProcessor');
  assert.is(resourceName('arn:aws:lambda:us-east-1:1:function:proc:$LATEST'), 'proc');
  assert.is(resourceName('arn:aws:sqs:us-east-1:1:OrderQueue'), 'OrderQueue');
  assert.is(resourceName('arn:aws:sns:us-east-1:1:OrderTopic'), 'OrderTopic');
  assert.is(resourceName('arn:aws:dynamodb:us-east-1:1:table/messages/stream/2026-12-01T00:00:00.000'), 'messages');
  assert.is(resourceName('arn:aws:events:us-east-1:1:rule/stale-sweep'), 'stale-sweep');
  assert.is(resourceName('arn:aws:cloudwatch:us-east-1:1:alarm:dlq-not-empty'), 'dlq-not-empty');
});

test('nameOf accepts a name or an ARN, as Lambda\'s FunctionName does', () => {
  assert.is(nameOf('proc'), 'proc');
  assert.is(nameOf('arn:aws:lambda:us-east-1:1:function:proc'), 'proc');
});

test.run();
