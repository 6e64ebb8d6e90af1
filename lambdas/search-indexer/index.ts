// search-indexer (lab 4): the messages table's stream -> an inverted index,
// one item per (word, message). The web app's search route queries it. At
// scale an OpenSearch domain would take this place (docs/lab-4-build-on-it.md).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { BatchWriteItemCommand, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { dynamodb } from '../commons/clients.ts';
import { logger } from '../commons/logger.ts';
import { type IndexedMessage, indexChanges } from './changes.ts';

const indexTable = requireEnv('SEARCH_INDEX_TABLE');
const SNIPPET_CHARS = 160;
const processor = new BatchProcessor(EventType.DynamoDBStreams);

function messageOf(image: unknown): IndexedMessage | undefined {
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  // An item without text (lab 1's poison message) has nothing to index.
  if (typeof item['text'] !== 'string' || typeof item['message_id'] !== 'string') return undefined;
  return { message_id: item['message_id'], author: String(item['author'] ?? ''), text: item['text'], timestamp: String(item['timestamp'] ?? '') };
}

async function write(requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, WriteRequest[]> | undefined = { [indexTable]: requests.slice(i, i + 25) };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 6)));
      pending = (await dynamodb.send(new BatchWriteItemCommand({ RequestItems: pending }))).UnprocessedItems;
    }
  }
}

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const before = messageOf(record.dynamodb?.OldImage);
  const after = messageOf(record.dynamodb?.NewImage);
  const { add, remove } = indexChanges(before, after);
  const id = (after ?? before)?.message_id;
  if (!id) return;
  const requests: WriteRequest[] = [
    ...remove.map((word) => ({ DeleteRequest: { Key: marshall({ word, message_id: id }) } })),
    ...add.map((word) => ({ PutRequest: { Item: marshall({ word, message_id: id, author: after!.author, timestamp: after!.timestamp, snippet: after!.text.slice(0, SNIPPET_CHARS) }) } })),
  ];
  await write(requests);
  logger.info('Indexed', { message_id: id, added: add.length, removed: remove.length });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // In order: an edit right after an insert must land after it.
  return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
};
