// One sweep over the stale submissions: give up on those republished
// MAX_REPUBLISHES times ('failed'), republish the others to the ingest with
// their original message_id (the background processor is idempotent on it).
import type { DeliveryTarget } from '../commons/ingest-delivery.ts';
import { deliverIngest } from '../commons/ingest-delivery.ts';
import type { IngestMessage } from '../commons/ingest-message.ts';
import { logger } from '../commons/logger.ts';
import { claimRepublish, markFailed, stalePendingSubmissions, type StaleSubmission } from './stale-submissions.ts';

export interface SweepConfig {
  tableName: string;
  indexName: string;
  maxRepublishes: number;
  target: DeliveryTarget;
}

export interface SweepResult {
  scanned: number;
  republished: number;
  failed: number;
  /** Republishes that threw; they stay pending and are retried by a later run. */
  errors: number;
}

export function toIngestMessage(s: StaleSubmission): IngestMessage {
  return { phone_number: s.phone_number, client_type: s.client_type, media_items: s.media_items ?? [], text_body: s.input_text ?? '' };
}

export async function sweep(config: SweepConfig, olderThanSeconds: number, now = new Date()): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - olderThanSeconds * 1000).toISOString();
  const result: SweepResult = { scanned: 0, republished: 0, failed: 0, errors: 0 };
  for await (const s of stalePendingSubmissions(config.tableName, config.indexName, cutoff)) {
    result.scanned++;
    const count = s.republish_count ?? 0;
    if (count >= config.maxRepublishes) {
      const reason = `Still pending after ${count} republish(es); gave up`;
      if (await markFailed(config.tableName, s.message_id, reason, now)) {
        result.failed++;
        logger.error('Submission marked failed', { message_id: s.message_id, republish_count: count, created_at: s.created_at });
      }
      continue;
    }
    if (!(await claimRepublish(config.tableName, s.message_id, count, now))) {
      logger.info('Skipped: completed meanwhile or claimed by another run', { message_id: s.message_id });
      continue;
    }
    try {
      await deliverIngest(config.target, s.message_id, toIngestMessage(s), new Date().toISOString());
      result.republished++;
      logger.info('Submission republished', { message_id: s.message_id, republish_count: count + 1, created_at: s.created_at });
    } catch (error) {
      result.errors++;
      logger.error('Republish failed; a later run retries it', { message_id: s.message_id, error: error as Error });
    }
  }
  return result;
}
