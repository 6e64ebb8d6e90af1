// Reads the message a reply answers, so its notification carries that context.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from '../commons/clients.ts';
import { toMessage } from './message.ts';
import type { OriginalContext } from './notification.ts';

export async function getOriginal(tableName: string, messageId: string): Promise<OriginalContext> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: tableName, Key: marshall({ message_id: messageId }), ConsistentRead: true }),
  );
  if (!Item) return { found: false, message_id: messageId };
  return { found: true, message: toMessage(unmarshall(Item)) };
}
