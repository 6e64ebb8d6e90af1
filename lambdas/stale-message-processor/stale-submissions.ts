// Reads and updates stale submissions: 'pending' items the background
// processor has not completed in time. Every update is conditional on the
// item still being pending (and, for a republish, on the count this run saw),
// so overlapping runs and a late completion never conflict.
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from '../commons/clients.ts';
import { ifConditionHolds } from '../commons/conditional-write.ts';
import { queryItems } from '../commons/read-pages.ts';
import type { Submission } from '../commons/submission.ts';

/** The fields of a submission this processor reads (the GSI must project them). */
export type StaleSubmission = Pick<Submission, 'message_id' | 'phone_number' | 'client_type' | 'media_items' | 'input_text' | 'created_at' | 'republish_count' | 'last_republished_at'>;

/**
 * Pending submissions created before `cutoff` and not republished since it,
 * page by page from the GSI (partition key status, sort key created_at).
 */
export async function* stalePendingSubmissions(tableName: string, indexName: string, cutoff: string): AsyncGenerator<StaleSubmission> {
  const items = queryItems({
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: '#status = :pending AND created_at < :cutoff',
    FilterExpression: 'attribute_not_exists(last_republished_at) OR last_republished_at < :cutoff',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: marshall({ ':pending': 'pending', ':cutoff': cutoff }),
  });
  for await (const item of items) yield item as StaleSubmission;
}

async function conditionalUpdate(command: UpdateItemCommand): Promise<boolean> {
  return (await ifConditionHolds(dynamodb.send(command))) !== undefined;
}

/** Marks a submission 'failed'; false when it was no longer pending. */
export function markFailed(tableName: string, messageId: string, reason: string, now: Date): Promise<boolean> {
  return conditionalUpdate(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall({ message_id: messageId }),
      UpdateExpression: 'SET #status = :failed, failed_reason = :reason, failed_at = :now',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':failed': 'failed', ':pending': 'pending', ':reason': reason, ':now': now.toISOString() }),
    }),
  );
}

/**
 * Counts one more republish; false when the item is no longer pending or
 * another run already counted this one (republish_count moved on).
 */
export function claimRepublish(tableName: string, messageId: string, seenCount: number, now: Date): Promise<boolean> {
  return conditionalUpdate(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall({ message_id: messageId }),
      UpdateExpression: 'SET republish_count = republish_count + :one, last_republished_at = :now',
      ConditionExpression: '#status = :pending AND republish_count = :seen',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':one': 1, ':pending': 'pending', ':seen': seenCount, ':now': now.toISOString() }),
    }),
  );
}
