// message-analytics (lab 4): the messages table's stream with a tumbling
// window (TumblingWindowInSeconds). Lambda hands each invocation of a window
// the state the previous one returned; this function adds the batch's new
// messages per author to it. The window's final invocation
// (isFinalInvokeForWindow) writes one row per author and one total to the
// analytics table. The mapping's filter drops everything but INSERTs before
// the function is invoked (and paid for).
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { dynamodb } from '../commons/clients.ts';
import { logger } from '../commons/logger.ts';
import { addRecords, rowsOf, type WindowState } from './window.ts';

const analyticsTable = requireEnv('ANALYTICS_TABLE');

/** The fields Lambda adds to a stream event when the mapping has a tumbling window (services-ddb-windows). */
interface TumblingWindowEvent extends DynamoDBStreamEvent {
  window: { start: string; end: string };
  state: Partial<WindowState>;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/** Adds a part of a window to its row once: a retried final invocation finds its part already there. */
async function addOnce(author: string, window: { start: string; end: string }, count: number, part: string): Promise<void> {
  try {
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: analyticsTable,
        Key: { author: { S: author }, window_start: { S: window.start } },
        UpdateExpression: 'ADD message_count :n, parts :part SET window_end = :end',
        ConditionExpression: 'attribute_not_exists(parts) OR NOT contains(parts, :p)',
        ExpressionAttributeValues: { ':n': { N: String(count) }, ':part': { SS: [part] }, ':p': { S: part }, ':end': { S: window.end } },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export const handler = async (event: TumblingWindowEvent, context: Context): Promise<{ state: WindowState }> => {
  logger.addContext(context);
  const state = addRecords(event.state, event.Records);
  if (!event.isFinalInvokeForWindow) return { state };
  const rows = rowsOf(state);
  for (const row of rows) await addOnce(row.author, event.window, row.count, state.first ?? event.window.start);
  logger.info('Window written', { window: event.window, authors: rows.length - 1, messages: rows.at(-1)?.count ?? 0, terminatedEarly: event.isWindowTerminatedEarly });
  return { state: { counts: {} } };
};
