// The work for one message, made idempotent by idempotency.ts:
//   1. fault injection: a text containing #fail throws (the lab's DLQ exercise),
//      and #slow makes the analysis take SLOW_MS (the concurrency exercise:
//      copies of a message then surely arrive while the first is running);
//   2. claim the submission ('pending'), or find it completed (duplicate) or
//      pending (a retry or a republish: carry on with the stored item);
//   3. classify; 4. publish the reply; 5. mark the submission 'completed'.
// Honest limits: a crash between steps 4 and 5 repeats the reply on retry
// (at least once); replies carry message_id so the receiver can drop repeats.
import { maskPhoneNumber } from '../commons/ingest-message.ts';
import { logger } from '../commons/logger.ts';
import { classify, matchedRuleIds, type Prediction, type ScamLabel } from './classifier.ts';
import type { IngestInput } from './ingest-record.ts';
import { buildReply, publishReply } from './reply.ts';
import { claimSubmission, completeSubmission } from './submissions.ts';

export const FAIL_MARKER = '#fail';
export const SLOW_MARKER = '#slow';
export const SLOW_MS = 1000;

export type ProcessResult =
  | { outcome: 'processed'; message_id: string; prediction_result: Prediction; scam_label: ScamLabel; confidence_score: number }
  | { outcome: 'duplicate'; message_id: string }
  | { outcome: 'skipped'; message_id: string; reason: string };

export interface ProcessorConfig {
  submissionsTable: string;
  repliesTopicArn: string;
}

/** Returns processMessage(input, startedAtMs); only `input` is hashed for idempotency. */
export function messageProcessor(config: ProcessorConfig) {
  return async function processMessage(input: IngestInput, startedAtMs: number): Promise<ProcessResult> {
    const { message_id } = input;
    if (input.text_body.includes(FAIL_MARKER)) {
      throw new Error(`Simulated processing failure: the message contains ${FAIL_MARKER}`);
    }

    const { claimed, submission } = await claimSubmission(config.submissionsTable, message_id, input, new Date());
    if (!claimed && submission.status === 'completed') {
      logger.info('Duplicate skipped (submission already completed)', { message_id });
      return { outcome: 'duplicate', message_id };
    }
    if (!claimed && submission.status !== 'pending') {
      logger.warn('Submission skipped: the stale processor gave up on it', { message_id, status: submission.status });
      return { outcome: 'skipped', message_id, reason: `submission status is ${submission.status}` };
    }
    if (!claimed) logger.info('Resuming a pending submission (retry or republish)', { message_id, republish_count: submission.republish_count });

    if (submission.input_text.includes(SLOW_MARKER)) await new Promise((r) => setTimeout(r, SLOW_MS));
    const result = classify(submission.input_text, submission.media_items);
    const reply = buildReply(message_id, submission, result);
    const snsMessageId = await publishReply(config.repliesTopicArn, reply);

    const processingTimeMs = Date.now() - startedAtMs;
    const completed = await completeSubmission(config.submissionsTable, message_id, result, processingTimeMs, new Date());
    if (!completed) logger.warn('Submission was no longer pending; someone else completed it', { message_id });

    logger.info('Message processed', {
      message_id,
      client_type: submission.client_type,
      phone_number: maskPhoneNumber(submission.phone_number),
      media_count: submission.media_items.length,
      ...result,
      matched_rules: matchedRuleIds(submission.input_text, submission.media_items),
      reply_sns_message_id: snsMessageId,
      processing_time_ms: processingTimeMs,
    });
    return { outcome: 'processed', message_id, ...result };
  };
}
