// message-stream-processor: DynamoDB stream of the messages table -> SNS notifications.
// Records are processed in order (a reply after its original), and each failed
// record is reported on its own (ReportBatchItemFailures), so Lambda retries
// from the first failure instead of repeating the whole batch.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../commons/logger.ts';
import { recordHandler } from './record-handler.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  const response = await processPartialResponse(event, recordHandler, processor, {
    context,
    processInParallel: false,
  });
  if (response.batchItemFailures.length > 0) {
    logger.warn('Some records failed', { failed: response.batchItemFailures.length, total: event.Records.length });
  }
  return response;
};
