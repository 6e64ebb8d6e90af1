// An API's configuration as read from the emulator, kept for a while: a
// request reads it from here, and a nudge about a change clears it. A read
// that fails answers null and is not kept, so the next request tries again.
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
