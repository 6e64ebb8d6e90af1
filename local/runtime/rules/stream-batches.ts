// What Lambda does with a DynamoDB stream batch after an invocation
// (services-dynamodb-errors, services-ddb-batchfailurereporting,
// services-ddb-params). Pure: the stream poller applies the step it returns.
import type { BatchVerdict } from './batch-response.ts';

export interface StreamFailureSettings {
  /** MaximumRetryAttempts; -1 retries until the record expires (the default). */
  maxRetries: number;
  /** BisectBatchOnFunctionError. */
  bisect: boolean;
}

/**
 * - `commit`: the whole batch succeeded; checkpoint after its last record.
 * - `split`: a function error with BisectBatchOnFunctionError splits the batch
 *   at `at` (the first half is the larger); a split does not count as a retry.
 * - `retry`: invoke again with the records from `from` (a partial failure
 *   checkpoints before the lowest failed record, so `from` > 0 means the
 *   records before it are done); `retries` is the new count.
 * - `on-failure`: retries are exhausted; the records from `from` go to the
 *   on-failure destination (an invocation record) and the shard moves on.
 */
export type StreamStep =
  | { action: 'commit' }
  | { action: 'split'; at: number }
  | { action: 'retry'; from: number; retries: number }
  | { action: 'on-failure'; from: number; condition: 'RetryAttemptsExhausted'; reason: string };

/** `sequenceNumbers` are the batch's records in order; `retries` the retries already made for it. */
export function afterStreamInvoke(verdict: BatchVerdict, sequenceNumbers: readonly string[], retries: number, settings: StreamFailureSettings): StreamStep {
  if (verdict.kind === 'success') return { action: 'commit' };
  let from = 0;
  if (verdict.kind === 'partial') {
    from = sequenceNumbers.findIndex((n) => verdict.failed.includes(n));
  } else if (settings.bisect && sequenceNumbers.length > 1) {
    return { action: 'split', at: Math.ceil(sequenceNumbers.length / 2) };
  }
  if (settings.maxRetries >= 0 && retries >= settings.maxRetries) {
    return { action: 'on-failure', from, condition: 'RetryAttemptsExhausted', reason: verdict.kind === 'failed' ? verdict.reason : 'partial batch failure' };
  }
  return { action: 'retry', from, retries: retries + 1 };
}

/**
 * MaximumRecordAgeInSeconds (-1: no limit): a batch whose oldest record is
 * older goes to the on-failure destination without another invocation.
 */
export function recordAgeExceeded(oldestRecordSeconds: number, nowSeconds: number, maxAgeSeconds: number): boolean {
  return maxAgeSeconds > 0 && nowSeconds - oldestRecordSeconds > maxAgeSeconds;
}
