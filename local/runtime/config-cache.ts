// An API's configuration as read from the emulator, kept for a while: a
// request reads it from here, and a nudge about a change clears it. A read
// that fails answers null and is not kept, so the next request tries again;
// a read that finds no such API (notFoundAsNull) answers null and is kept, so
// a REST API's requests do not ask for an HTTP API of that id every time.

/** For a read's first call: NotFoundException means "no such API" (null); any other error is a failure. */
export function notFoundAsNull(error: Error): null {
  if (error.name === 'NotFoundException') return null;
  throw error;
}
export class ConfigCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T | null> }>();

  constructor(private readonly keepMs: number) {}

  clear(): void {
    this.entries.clear();
  }

  get(key: string, read: () => Promise<T | null>): Promise<T | null> {
    const kept = this.entries.get(key);
    if (kept && Date.now() - kept.at < this.keepMs) return kept.value;
    const value = read().catch(() => {
      this.entries.delete(key);
      return null;
    });
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }
}
