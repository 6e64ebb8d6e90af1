// background-processor (lab 3): classifies each accepted message and replies.
// It receives either
// - an SNS event (DELIVERY_MODE=sns: the ingest topic pushes, async invoke,
//   one record): an error is rethrown, so Lambda retries twice, then the
//   function's DLQ gets the event; or
// - an SQS batch (DELIVERY_MODE=sqs: event source mapping with
//   ReportBatchItemFailures): only failed messages return to the queue.
// Reserved concurrency (10) bounds the load on DynamoDB and the replies topic.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import type { Context, SNSEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { logger } from '../commons/logger.ts';
import { idempotencyTtlFromEnv, idempotentProcessor } from './idempotency.ts';
import { fromSnsRecord, fromSqsRecord, isSnsEvent, type IngestInput } from './ingest-record.ts';
import { messageProcessor, type ProcessResult } from './process-message.ts';

const idempotent = idempotentProcessor(
  messageProcessor({ submissionsTable: requireEnv('SUBMISSIONS_TABLE'), repliesTopicArn: requireEnv('REPLIES_TOPIC_ARN') }),
  { tableName: requireEnv('IDEMPOTENCY_TABLE'), expiresAfterSeconds: idempotencyTtlFromEnv() },
);
const batchProcessor = new BatchProcessor(EventType.SQS);

/** Runs the idempotent work for one message; every failure is logged and rethrown. */
async function handleMessage(read: () => IngestInput, source: Record<string, unknown>): Promise<ProcessResult> {
  const startedAtMs = Date.now();
  let input: IngestInput | undefined;
  try {
    input = read();
    return await idempotent.process(input, startedAtMs);
  } catch (error) {
    if (error instanceof IdempotencyAlreadyInProgressError) {
      logger.info('Duplicate in progress; will be retried', { message_id: input?.message_id, ...source });
    } else {
      logger.error('Message failed', { message_id: input?.message_id, ...source, error: error as Error });
    }
    throw error;
  }
}

async function handleSnsEvent(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    await handleMessage(() => fromSnsRecord(record), { sns_message_id: record.Sns.MessageId });
  }
}

async function sqsRecordHandler(record: SQSRecord): Promise<ProcessResult> {
  return handleMessage(() => fromSqsRecord(record), {
    sqs_message_id: record.messageId,
    receive_count: Number(record.attributes.ApproximateReceiveCount),
  });
}

// biome-ignore lint/suspicious/noConfusingVoidType: an SNS invocation returns nothing, an SQS one its batch response
export const handler = async (event: SNSEvent | SQSEvent, context: Context): Promise<SQSBatchResponse | void> => {
  logger.addContext(context);
  idempotent.config.registerLambdaContext(context);
  if (isSnsEvent(event)) return handleSnsEvent(event);
  return processPartialResponse(event, sqsRecordHandler, batchProcessor, { context });
};
