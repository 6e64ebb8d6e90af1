// message-stream-processor: DynamoDB stream of the messages table -> SNS notifications.
//
// Records are processed in order (a reply after its original). Failures are
// reported per record (ReportBatchItemFailures): Lambda then checkpoints before
// the first failed record and retries from there. Records after a failure are
// therefore redelivered anyway, so they are not processed now (that would only
// publish duplicates): they are reported as failed too. When every record of a
// batch fails, Powertools raises an error, which lets Lambda bisect the batch
// and isolate the bad record, which ends in the on-failure queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../commons/logger.ts';
import { recordHandler } from './record-handler.ts';
import { stopAtFirstFailure } from './stop-at-first-failure.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  const response = await processPartialResponse(event, stopAtFirstFailure(recordHandler), processor, {
    context,
    processInParallel: false,
  });
  if (response.batchItemFailures.length > 0) {
    logger.warn('Some records failed', { failed: response.batchItemFailures.length, total: event.Records.length });
  }
  return response;
};
