// Waiting and the runtime's trace, shared by every test suite.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeLines } from '@streamlab/kit/trace-lines';
import { poll } from '@streamlab/kit/wait';

export { sleep } from '@streamlab/kit/wait';

export interface UntilOptions {
  /** A probe that throws means "not yet" (a page still loading), not a failure; the last error is quoted on time-out. */
  retryErrors?: boolean;
  intervalMs?: number;
}

/** Polls `probe` until it returns a value (not undefined or false), or fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false, { retryErrors = false, intervalMs = 100 }: UntilOptions = {}): Promise<T> {
  let lastError: Error | undefined;
  const value = await poll(async () => {
    try {
      return await probe();
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error as Error;
      return undefined;
    }
  }, timeoutMs, intervalMs);
  if (value === undefined) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
  return value;
}

/** Lines of the runtime's trace (.streamlab/<instance>/trace.jsonl), optionally after a point in time. */
export function traceEvents(stateDir: string, since = 0): Record<string, unknown>[] {
  const file = join(stateDir, 'trace.jsonl');
  if (!existsSync(file)) return [];
  return completeLines(readFileSync(file, 'utf8'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => Date.parse(e['time'] as string) >= since);
}
