// The web app's reads and writes of lab 1's and lab 4's tables.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { requireEnv } from '@streamlab/kit/env';
import { dynamodb } from '../commons/clients.ts';
import { collect, queryItems, scanItems } from '../commons/read-pages.ts';
import type { Preferences } from '../commons/preferences.ts';
import type { NewMessageInput } from './validate.ts';

const messagesTable = requireEnv('MESSAGES_TABLE');
const preferencesTable = requireEnv('PREFERENCES_TABLE');
const analyticsTable = requireEnv('ANALYTICS_TABLE');
const searchIndexTable = requireEnv('SEARCH_INDEX_TABLE');

export interface StoredMessage extends NewMessageInput {
  message_id: string;
  timestamp: string;
  thread_id: string;
}

export async function getMessage(messageId: string): Promise<StoredMessage | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: messagesTable, Key: marshall({ message_id: messageId }), ConsistentRead: true }));
  return Item ? (unmarshall(Item) as StoredMessage) : undefined;
}

/** Stores a message; a reply joins its original's thread (the caller checked that it exists). */
export async function putMessage(input: NewMessageInput, original: StoredMessage | undefined): Promise<StoredMessage> {
  const message_id = randomUUID();
  const stored: StoredMessage = { ...input, message_id, timestamp: new Date().toISOString(), thread_id: original ? (original.thread_id ?? original.message_id) : message_id };
  await dynamodb.send(new PutItemCommand({ TableName: messagesTable, Item: marshall(stored), ConditionExpression: 'attribute_not_exists(message_id)' }));
  return stored;
}

/** The newest messages (a Scan: the lab's table is small; a real app would keep a time-ordered index). */
export async function recentMessages(limit: number): Promise<StoredMessage[]> {
  const items = (await collect(scanItems({ TableName: messagesTable, FilterExpression: 'attribute_exists(#text)', ExpressionAttributeNames: { '#text': 'text' } }), 5000)) as unknown as StoredMessage[];
  return items.sort((a, b) => b.timestamp.localeCompare(a.timestamp)).slice(0, limit);
}

export async function threadMessages(threadId: string): Promise<StoredMessage[]> {
  return (await collect(queryItems({ TableName: messagesTable, IndexName: 'thread-index', KeyConditionExpression: 'thread_id = :t', ExpressionAttributeValues: { ':t': { S: threadId } } }), 1000)) as unknown as StoredMessage[];
}

export async function getPreferences(subscriber: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: preferencesTable, Key: marshall({ subscriber }), ConsistentRead: true }));
  return Item ? unmarshall(Item) : undefined;
}

export async function putPreferences(preferences: Preferences): Promise<Record<string, unknown>> {
  const item = { ...preferences, updated_at: new Date().toISOString() };
  await dynamodb.send(new PutItemCommand({ TableName: preferencesTable, Item: marshall(item) }));
  return item;
}

export interface AnalyticsRow {
  author: string;
  window_start: string;
  window_end: string;
  message_count: number;
}

export async function analyticsSince(since: string): Promise<AnalyticsRow[]> {
  const rows = await collect(scanItems({ TableName: analyticsTable, FilterExpression: 'window_start >= :since', ExpressionAttributeValues: { ':since': { S: since } } }), 10_000);
  return rows.map((r) => ({ author: String(r['author']), window_start: String(r['window_start']), window_end: String(r['window_end']), message_count: Number(r['message_count'] ?? 0) }));
}

export interface SearchHit {
  message_id: string;
  author: string;
  timestamp: string;
  snippet: string;
}

export async function messagesWithWord(word: string): Promise<SearchHit[]> {
  return (await collect(queryItems({ TableName: searchIndexTable, KeyConditionExpression: 'word = :w', ExpressionAttributeValues: { ':w': { S: word } } }), 1000)) as unknown as SearchHit[];
}
