// The state a tumbling window carries (lab 4, analytics): messages per author
// in the window. Pure; index.ts writes it when the window is final.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export interface WindowState {
  /** Messages per author so far in this window. */
  counts: Record<string, number>;
  /** The sequence number of the first record this state counted: names this part of the window, so a retried write is not counted twice. */
  first?: string;
}

/** The author whose row holds the window's total over every author. */
export const ALL_AUTHORS = '*';

export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { SequenceNumber?: string; NewImage?: Record<string, AttributeValue | { S?: string }> };
}

/** Adds a batch's new messages (INSERTs with an author) to the state. */
export function addRecords(state: Partial<WindowState> | undefined, records: readonly StreamRecordLike[]): WindowState {
  const counts = { ...(state?.counts ?? {}) };
  let first = state?.first;
  for (const record of records) {
    const author = (record.dynamodb?.NewImage?.['author'] as { S?: string } | undefined)?.S;
    if (record.eventName !== 'INSERT' || !author) continue;
    counts[author] = (counts[author] ?? 0) + 1;
    first ??= record.dynamodb?.SequenceNumber;
  }
  return { counts, ...(first ? { first } : {}) };
}

/** The rows a final invocation writes: one per author, and the total. */
export function rowsOf(state: WindowState): { author: string; count: number }[] {
  const rows = Object.entries(state.counts).map(([author, count]) => ({ author, count }));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return total > 0 ? [...rows, { author: ALL_AUTHORS, count: total }] : [];
}
