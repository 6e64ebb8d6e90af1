// Writes messages to the lab 1 table, the way the lab's app would.
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import type { ScriptClients } from '@streamlab/kit/clients';

export interface NewMessage {
  author: string;
  text: string;
  reply_to_message_id?: string;
}

export interface StoredMessage extends NewMessage {
  message_id: string;
  timestamp: string;
  /** The id of the thread's root: the message's own id, or its original's thread (lab 4). */
  thread_id: string;
}

export const SAMPLE_MESSAGES: NewMessage[] = [
  { author: 'alice', text: 'Hello from the stream lab! Has anyone tried the DynamoDB stream yet?' },
  { author: 'bob', text: 'Deploying the notification pipeline now. Fingers crossed.' },
  { author: 'carol', text: 'Remember to confirm your email subscription, or SNS will not deliver.' },
  { author: 'dave', text: 'Streams keep records for 24 hours; that is why retries must be bounded.' },
  { author: 'erin', text: 'Partial batch responses mean one bad record does not block the rest.' },
];

export async function putMessage(clients: ScriptClients, table: string, message: NewMessage): Promise<StoredMessage> {
  const messageId = randomUUID();
  // A reply joins its original's thread; a reply to a message that is gone starts one at the original's id.
  const original = message.reply_to_message_id ? await getMessage(clients, table, message.reply_to_message_id) : undefined;
  const threadId = message.reply_to_message_id ? (original?.thread_id ?? message.reply_to_message_id) : messageId;
  const stored: StoredMessage = { message_id: messageId, timestamp: new Date().toISOString(), thread_id: threadId, ...message };
  await clients.dynamodb.send(
    new PutItemCommand({
      TableName: table,
      Item: marshall(stored, { removeUndefinedValues: true }),
      ConditionExpression: 'attribute_not_exists(message_id)',
    }),
  );
  return stored;
}

export async function getMessage(clients: ScriptClients, table: string, messageId: string): Promise<StoredMessage | undefined> {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: marshall({ message_id: messageId }) }));
  return Item ? (unmarshall(Item) as StoredMessage) : undefined;
}

/** An item the stream processor rejects (it has no text): for the failure exercises. */
export async function putPoisonMessage(clients: ScriptClients, table: string): Promise<{ message_id: string; author: string; text?: string }> {
  const item = { message_id: `poison-${randomUUID()}`, author: 'mallory', timestamp: new Date().toISOString() };
  await clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: marshall(item) }));
  return item;
}

/**
 * Writes good messages with one poison message in the middle in a single
 * BatchWriteItem, so the stream usually delivers them as one batch: the way to
 * watch Lambda bisect a failing batch. At most 25 items (BatchWriteItem's limit).
 */
export async function putBatchWithPoison(clients: ScriptClients, table: string, good: NewMessage[]): Promise<{ message_id: string; author: string; text?: string }[]> {
  const now = new Date().toISOString();
  const items: { message_id: string; author: string; text?: string; timestamp: string }[] = good.map((m) => ({ message_id: randomUUID(), timestamp: now, ...m }));
  items.splice(Math.floor(items.length / 2), 0, { message_id: `poison-${randomUUID()}`, author: 'mallory', timestamp: now });
  await clients.dynamodb.send(
    new BatchWriteItemCommand({ RequestItems: { [table]: items.map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })) } }),
  );
  return items;
}
