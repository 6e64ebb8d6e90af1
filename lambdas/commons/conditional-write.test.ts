import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ifConditionHolds } from './conditional-write.ts';

test('a write whose condition holds resolves to its result', async () => {
  assert.equal(await ifConditionHolds(Promise.resolve({ Attributes: { a: { S: '1' } } })), { Attributes: { a: { S: '1' } } });
});

test('a failed condition is an answer (undefined); any other error is thrown', async () => {
  const refused = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  assert.is(await ifConditionHolds(Promise.reject(refused)), undefined);
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
  await ifConditionHolds(Promise.reject(throttled)).then(
    () => assert.unreachable('it should throw'),
    (error: Error) => assert.is(error, throttled),
  );
});

test.run();
