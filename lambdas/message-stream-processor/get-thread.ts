// Reads a thread's messages from the messages table's `thread-index` GSI
// (lab 4), so a reply's notification can show its chain.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from '../commons/clients.ts';
import { type Message, toMessage } from './message.ts';

export const THREAD_INDEX = 'thread-index';
/** A thread longer than this is read up to here (the chain shows a handful). */
const MAX_THREAD_MESSAGES = 500;

export async function getThread(tableName: string, threadId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let start: QueryCommand['input']['ExclusiveStartKey'];
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: THREAD_INDEX,
        KeyConditionExpression: 'thread_id = :t',
        ExpressionAttributeValues: { ':t': { S: threadId } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) messages.push(toMessage(unmarshall(item)));
    start = page.LastEvaluatedKey;
  } while (start && messages.length < MAX_THREAD_MESSAGES);
  return messages;
}
