// How old a pending submission must be to count as stale. A scheduled
// (EventBridge) run uses STALE_AFTER_SECONDS; a hand run may pass
// {"older_than_seconds": N} (e.g. 0 to sweep everything pending now).

/** Reads the override from the event, or returns the default; a bad override throws. */
export function olderThanSeconds(event: unknown, defaultSeconds: number): number {
  if (event === null || typeof event !== 'object' || !('older_than_seconds' in event)) return defaultSeconds;
  const value = (event as { older_than_seconds: unknown }).older_than_seconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`older_than_seconds must be a non-negative integer, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** A non-negative integer environment variable, or its default when unset. */
export function nonNegativeIntegerEnv(name: string, defaultValue: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return defaultValue;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not "${value}"`);
  return n;
}
