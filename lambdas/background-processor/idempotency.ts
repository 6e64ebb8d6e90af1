// Powertools idempotency around the per-message work: the first delivery of a
// message_id runs it and stores the result in the idempotency table (key `id`,
// TTL `expiration`); a later delivery within the TTL gets the stored result
// without running anything. A delivery while the first is still running gets
// IdempotencyAlreadyInProgressError, which propagates (it is retried later).
// The submissions table's conditional writes cover what happens after the TTL.
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { logger } from '../commons/logger.ts';
import type { IngestInput } from './ingest-record.ts';
import type { ProcessResult } from './process-message.ts';

export function idempotencyTtlFromEnv(): number {
  const value = process.env['IDEMPOTENCY_TTL_SECONDS'];
  if (value === undefined || value === '') return 3600;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`IDEMPOTENCY_TTL_SECONDS must be a positive integer, not "${value}"`);
  return seconds;
}

export function idempotentProcessor(
  processMessage: (input: IngestInput, startedAtMs: number) => Promise<ProcessResult>,
  options: { tableName: string; expiresAfterSeconds: number },
) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'message_id',
    expiresAfterSeconds: options.expiresAfterSeconds,
    // Runs only when Powertools returns a stored result instead of running the work.
    responseHook: (response, record) => {
      const stored = response as { message_id?: string; outcome?: string } | null;
      logger.info('Duplicate skipped', { message_id: stored?.message_id, stored_outcome: stored?.outcome, idempotency_key: record.idempotencyKey });
      return response;
    },
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: options.tableName });
  return { config, process: makeIdempotent(processMessage, { persistenceStore, config }) };
}
