// How Lambda spreads one DynamoDB stream shard over concurrent batches with
// ParallelizationFactor (services-ddb-params, "Polling and batching
// streams"): up to that many batches of a shard run at once, and records of
// the same item (partition and sort key) stay in order, so each item's
// records go to one lane and a lane's batches run one after another. Pure:
// the stream poller delivers the lanes.

/** The factor Lambda accepts: 1 (the default) to 10. */
export function parallelizationFactorOf(setting: number | undefined): number {
  return Math.min(10, Math.max(1, Math.floor(setting ?? 1)));
}

/** A stable lane for an item's key, the same in every poll and every runtime. */
export function laneOf(keys: unknown, lanes: number): number {
  if (lanes <= 1) return 0;
  // FNV-1a over the key's attributes in name order: what DynamoDB calls an item.
  const text = JSON.stringify(Object.entries((keys ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

/**
 * The records split into at most `factor` lanes by item, each in stream
 * order and cut into batches of at most `batchSize`. Empty lanes are left
 * out; with a factor of 1 there is one lane, the records as they came.
 */
export function lanesOf<R>(records: readonly R[], factor: number, batchSize: number, keysOf: (record: R) => unknown): R[][][] {
  const lanes: R[][] = Array.from({ length: Math.max(1, factor) }, () => []);
  for (const record of records) lanes[laneOf(keysOf(record), lanes.length)]!.push(record);
  return lanes
    .filter((lane) => lane.length > 0)
    .map((lane) => {
      const batches: R[][] = [];
      for (let i = 0; i < lane.length; i += batchSize) batches.push(lane.slice(i, i + batchSize));
      return batches;
    });
}
