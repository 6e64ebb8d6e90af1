// Publishes an ingest message to where the background processor reads it:
// the ingest SNS topic (DELIVERY_MODE=sns, push) or the ingest SQS queue
// (DELIVERY_MODE=sqs, the polling setup lab 3 migrates away from). Used by the
// webhook and by the stale-message processor, which republishes.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sns, sqs } from './clients.ts';
import { requireEnv } from '@streamlab/kit/env';
import { ingestAttributes, ingestBody, toSnsAttributes, toSqsAttributes, type IngestMessage } from './ingest-message.ts';

export type DeliveryMode = 'sns' | 'sqs';
export type DeliveryTarget = { mode: 'sns'; topicArn: string } | { mode: 'sqs'; queueUrl: string };

/** Reads DELIVERY_MODE and INGEST_TOPIC_ARN or INGEST_QUEUE_URL; fails at cold start when wrong. */
export function deliveryTargetFromEnv(): DeliveryTarget {
  const mode = requireEnv('DELIVERY_MODE');
  if (mode === 'sns') return { mode, topicArn: requireEnv('INGEST_TOPIC_ARN') };
  if (mode === 'sqs') return { mode, queueUrl: requireEnv('INGEST_QUEUE_URL') };
  throw new Error(`DELIVERY_MODE must be "sns" or "sqs", not "${mode}"`);
}

/**
 * Publishes one message; errors propagate so nothing is silently lost. The
 * functions use the shared clients; the scripts pass theirs (pointed at a target).
 */
export async function deliverIngest(
  target: DeliveryTarget,
  messageId: string,
  msg: IngestMessage,
  timestamp: string,
  clients: { sns: SNSClient; sqs: SQSClient } = { sns, sqs },
): Promise<void> {
  const attributes = ingestAttributes(messageId, msg, timestamp);
  if (target.mode === 'sns') {
    await clients.sns.send(new PublishCommand({ TopicArn: target.topicArn, Message: ingestBody(msg), MessageAttributes: toSnsAttributes(attributes) }));
  } else {
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: target.queueUrl, MessageBody: ingestBody(msg), MessageAttributes: toSqsAttributes(attributes) }));
  }
}
