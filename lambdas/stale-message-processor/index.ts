// stale-message-processor (lab 3): run on a schedule (EventBridge), it finds
// submissions still 'pending' STALE_AFTER_SECONDS after they were created
// (e.g. the processor crashed, or its retries ran out after the claim) and
// republishes them to the ingest, at most MAX_REPUBLISHES times each; then it
// marks them 'failed'. Invoke by hand with {} or {"older_than_seconds": N}.
import type { Context } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { deliveryTargetFromEnv } from '../commons/ingest-delivery.ts';
import { logger } from '../commons/logger.ts';
import { nonNegativeIntegerEnv, olderThanSeconds } from './older-than.ts';
import { sweep, type SweepConfig, type SweepResult } from './sweep.ts';

const config: SweepConfig = {
  tableName: requireEnv('SUBMISSIONS_TABLE'),
  indexName: requireEnv('STALE_INDEX_NAME'),
  maxRepublishes: nonNegativeIntegerEnv('MAX_REPUBLISHES', 3),
  target: deliveryTargetFromEnv(),
};
const staleAfterSeconds = nonNegativeIntegerEnv('STALE_AFTER_SECONDS', 300);

export const handler = async (event: unknown, context: Context): Promise<SweepResult> => {
  logger.addContext(context);
  const age = olderThanSeconds(event, staleAfterSeconds);
  const result = await sweep(config, age);
  logger.info('Stale sweep done', { ...result, older_than_seconds: age, delivery_mode: config.target.mode });
  return result;
};
