// Handles one stream record: decide what it announces, add a reply's context, publish.
import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { requireEnv } from '@streamlab/kit/env';
import { logger } from '../commons/logger.ts';
import { getOriginal } from './get-original.ts';
import { getThread } from './get-thread.ts';
import { toMessage } from './message.ts';
import { buildNotification, type Change } from './notification.ts';
import { publish } from './publish.ts';
import { threadChain } from './thread.ts';

const topicArn = requireEnv('TOPIC_ARN');
const tableName = requireEnv('MESSAGES_TABLE');

type Image = Record<string, AttributeValue>;

function image(value: unknown): ReturnType<typeof toMessage> | undefined {
  // aws-lambda's AttributeValue type and the SDK's differ only in typing.
  return value ? toMessage(unmarshall(value as Image)) : undefined;
}

export async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const eventName = record.eventName;
  if (!eventName) throw new Error(`record ${record.eventID ?? '?'} has no eventName`);

  const change: Change = {
    eventName,
    newMessage: image(record.dynamodb?.NewImage),
    oldMessage: image(record.dynamodb?.OldImage),
  };
  const replyTo = eventName === 'INSERT' ? change.newMessage?.reply_to_message_id : undefined;
  if (replyTo) change.original = await getOriginal(tableName, replyTo);
  const threadId = replyTo ? change.newMessage?.thread_id : undefined;
  if (threadId) change.thread = threadChain(change.newMessage!, await getThread(tableName, threadId));

  const notification = buildNotification(change);
  const messageId = change.newMessage?.message_id ?? change.oldMessage?.message_id;
  if (!notification) {
    logger.info('Change announces nothing', { message_id: messageId, eventName });
    return;
  }
  const snsMessageId = await publish(topicArn, notification);
  logger.info('Notification published', {
    message_id: messageId,
    event_type: notification.document.event_type,
    sns_message_id: snsMessageId,
    sequence_number: record.dynamodb?.SequenceNumber,
  });
}
