import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describe, withoutAction } from './role-policies.ts';

const doc = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: 'arn:table' },
    { Effect: 'Allow', Action: ['sns:Publish', 'sns:GetTopicAttributes'], Resource: ['arn:topic'] },
  ],
};

test('one action is taken out; a statement left empty is dropped', () => {
  const publish = withoutAction(doc, 'SNS:publish');
  assert.is(publish.removed, 1);
  assert.equal(publish.document.Statement[1]!.Action, ['sns:GetTopicAttributes']);
  const get = withoutAction(doc, 'dynamodb:GetItem');
  assert.is(get.document.Statement.length, 1);
  assert.is(withoutAction(doc, 'sqs:SendMessage').removed, 0);
});

test('describe lists each action with its resources', () => {
  assert.equal(describe([{ roleName: 'r', policyName: 'p', document: doc }]), ['dynamodb:GetItem → arn:table', 'sns:Publish → arn:topic', 'sns:GetTopicAttributes → arn:topic']);
});

test.run();
