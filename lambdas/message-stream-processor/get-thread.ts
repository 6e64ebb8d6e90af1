// Reads a thread's messages from the messages table's `thread-index` GSI
// (lab 4), so a reply's notification can show its chain.
import { collect, queryItems } from '../commons/read-pages.ts';
import { type Message, toMessage } from './message.ts';

export const THREAD_INDEX = 'thread-index';
/** A thread longer than this is read up to here (the chain shows a handful). */
const MAX_THREAD_MESSAGES = 500;

export async function getThread(tableName: string, threadId: string): Promise<Message[]> {
  const items = queryItems({ TableName: tableName, IndexName: THREAD_INDEX, KeyConditionExpression: 'thread_id = :t', ExpressionAttributeValues: { ':t': { S: threadId } } });
  return (await collect(items, MAX_THREAD_MESSAGES)).map(toMessage);
}
