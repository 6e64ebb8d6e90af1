// The submissions table (partition key message_id): one item per accepted
// message, claimed as 'pending' before the work and set to 'completed' after
// it. Both writes are conditional, so retries, republishes and concurrent
// deliveries of one message_id agree on a single item.
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { dynamodb } from '../commons/clients.ts';
import { ifConditionHolds } from '../commons/conditional-write.ts';
import type { IngestMessage } from '../commons/ingest-message.ts';
import type { Submission } from '../commons/submission.ts';
import type { Classification } from './classifier.ts';

export type { Submission, SubmissionStatus } from '../commons/submission.ts';

export type ClaimResult = { claimed: true; submission: Submission } | { claimed: false; submission: Submission };

export async function getSubmission(tableName: string, messageId: string): Promise<Submission | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: marshall({ message_id: messageId }), ConsistentRead: true }));
  return Item ? (unmarshall(Item) as Submission) : undefined;
}

/**
 * Creates the 'pending' item, or returns the existing one when message_id is
 * already there (claimed: false): a retry, a republish or a duplicate delivery.
 */
export async function claimSubmission(tableName: string, messageId: string, msg: IngestMessage, now: Date): Promise<ClaimResult> {
  const submission: Submission = {
    message_id: messageId,
    id: randomUUID(),
    status: 'pending',
    phone_number: msg.phone_number,
    client_type: msg.client_type,
    media_items: msg.media_items,
    input_text: msg.text_body,
    created_at: now.toISOString(),
    republish_count: 0,
  };
  const claimed = await ifConditionHolds(
    dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall(submission, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(message_id)',
      }),
    ),
  );
  if (claimed) return { claimed: true, submission };
  const existing = await getSubmission(tableName, messageId);
  // Exists at the condition check, gone now: deleted by hand. Retrying is safe.
  if (!existing) throw new Error(`Submission ${messageId} vanished between the claim and the read; retry`);
  return { claimed: false, submission: existing };
}

/** Sets status 'completed' with the result; false when it was no longer pending. */
export async function completeSubmission(
  tableName: string,
  messageId: string,
  result: Classification,
  processingTimeMs: number,
  now: Date,
): Promise<boolean> {
  const completed = await ifConditionHolds(
    dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ message_id: messageId }),
        UpdateExpression:
          'SET #status = :completed, prediction_result = :prediction, confidence_score = :confidence, scam_label = :label, processing_time_ms = :ms, completed_at = :now',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({
          ':completed': 'completed',
          ':pending': 'pending',
          ':prediction': result.prediction_result,
          ':confidence': result.confidence_score,
          ':label': result.scam_label,
          ':ms': processingTimeMs,
          ':now': now.toISOString(),
        }),
      }),
    ),
  );
  return completed !== undefined;
}
