// Publishes a notification with per-protocol bodies and filterable attributes.
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../commons/clients.ts';
import type { Notification } from './notification.ts';

export async function publish(topicArn: string, notification: Notification): Promise<string | undefined> {
  const { MessageId } = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: notification.subject,
      Message: notification.message,
      MessageStructure: 'json',
      MessageAttributes: notification.attributes,
    }),
  );
  return MessageId;
}
