// DynamoDB's conditional writes, read in one place: a write whose
// ConditionExpression does not hold is an answer (a duplicate, a stale
// version, a row that is gone), not an error.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** The write's result, or undefined when DynamoDB refused it because its condition did not hold; any other error is thrown. */
export async function ifConditionHolds<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
