// Stream batches are retried from their first failed record, so records after
// a failure are skipped (reported as failed) rather than processed twice.
import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '../commons/logger.ts';

/** Raised for records after a failed one; they are retried with it. */
export class SkippedAfterFailureError extends Error {
  override name = 'SkippedAfterFailureError';
}

/** Wraps a record handler so that, once a record fails, the rest of the batch is skipped. */
export function stopAtFirstFailure(handle: (record: DynamoDBRecord) => Promise<void>) {
  let failed = false;
  return async (record: DynamoDBRecord): Promise<void> => {
    if (failed) throw new SkippedAfterFailureError('an earlier record in this batch failed');
    try {
      await handle(record);
    } catch (error) {
      failed = true;
      logger.error('Record failed', { sequence_number: record.dynamodb?.SequenceNumber, error: error as Error });
      throw error;
    }
  };
}
