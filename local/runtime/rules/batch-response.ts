// Reads a function's partial batch response the way Lambda does
// (services-ddb-batchfailurereporting, services-sqs-errorhandling):
// - null, an empty object or an empty batchItemFailures list: full success;
// - a failure whose itemIdentifier is null, empty or unknown: the whole batch failed;
// - otherwise: the identifiers that failed.
export type BatchVerdict = { kind: 'success' } | { kind: 'partial'; failed: string[] } | { kind: 'failed'; reason: string };

export function readBatchResponse(payload: unknown, knownIds: ReadonlySet<string>): BatchVerdict {
  if (payload === null || payload === undefined) return { kind: 'success' };
  if (typeof payload !== 'object' || Array.isArray(payload)) return { kind: 'failed', reason: 'response is not an object' };
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failed', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const failed: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !knownIds.has(id)) {
      return { kind: 'failed', reason: `invalid itemIdentifier ${JSON.stringify(id)}` };
    }
    failed.push(id);
  }
  return { kind: 'partial', failed };
}
