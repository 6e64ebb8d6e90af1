// OrderProcessor: OrderQueue (SQS, fed by OrderTopic) → Orders table.
// Each message is handled on its own; a failed one is reported in
// batchItemFailures (ReportBatchItemFailures), so only it returns to the queue
// and, after maxReceiveCount receives, moves to OrderDeadLetterQueue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { logger } from '../commons/logger.ts';
import { validateOrder } from './order.ts';
import { storeOrder } from './store-order.ts';
import { unwrapOrder } from './unwrap.ts';

const tableName = requireEnv('ORDERS_TABLE');
const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  try {
    const { envelope, order: raw } = unwrapOrder(record);
    const order = validateOrder(raw);
    const result = await storeOrder(tableName, order, { snsMessageId: envelope.MessageId });
    logger.info(result === 'stored' ? 'Order stored' : 'Order unchanged (duplicate or older version)', {
      orderId: order.orderId,
      userId: order.userId,
      status: order.status,
      quantity: order.quantity,
      receiveCount,
    });
  } catch (error) {
    logger.error('Order failed', { messageId: record.messageId, receiveCount, error: error as Error });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};
