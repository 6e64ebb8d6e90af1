// What Lambda does with an SQS batch after an invocation
// (services-sqs-errorhandling): it deletes what succeeded and leaves the rest,
// which SQS returns after the visibility timeout (and, after maxReceiveCount
// receives, moves to the queue's DLQ: SQS's rule, kept by the emulator).
// Pure: the SQS poller deletes what this returns.
import type { BatchVerdict } from './batch-response.ts';

export function messagesToDelete(verdict: BatchVerdict, messageIds: readonly string[]): string[] {
  if (verdict.kind === 'failed') return []; // a function error: every message comes back
  if (verdict.kind === 'success') return [...messageIds];
  return messageIds.filter((id) => !verdict.failed.includes(id)); // ReportBatchItemFailures
}
