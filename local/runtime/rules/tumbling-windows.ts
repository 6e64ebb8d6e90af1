// Tumbling windows of a stream event source mapping, as Lambda defines them
// (services-ddb-windows, services-kinesis-windows). Pure: the stream poller
// keeps the open window and applies these rules.
// - Every record belongs to one window of TumblingWindowInSeconds, aligned to
//   the epoch, by the time it reached the stream.
// - A window's records may arrive in several invocations; each gets the state
//   the previous one returned ({} for the first), and must return a `state`
//   (a response without one is a failed invocation).
// - When the window has passed, Lambda invokes once more with no records and
//   isFinalInvokeForWindow; a failed final invocation is retried, and the shard
//   waits for it. Then the state is dropped.
// - A state larger than 1 MB ends the window early: a final invocation with
//   isWindowTerminatedEarly, and the same window goes on with a fresh state.
import type { BatchVerdict } from './batch-response.ts';
import { readBatchResponse } from './batch-response.ts';

/** The most state a window may carry per shard. */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;
/** TumblingWindowInSeconds is 0 (no window) to 900. */
export const MAX_WINDOW_SECONDS = 900;

export interface Window {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, exclusive. */
  end: number;
}

export function windowOf(recordSeconds: number, windowSeconds: number): Window {
  const start = Math.floor(recordSeconds / windowSeconds) * windowSeconds;
  return { start, end: start + windowSeconds };
}

/** Splits records (in shard order) into runs that share a window. */
export function runsByWindow<T>(records: readonly T[], secondsOf: (record: T) => number, windowSeconds: number): { window: Window; records: T[] }[] {
  const runs: { window: Window; records: T[] }[] = [];
  for (const record of records) {
    const window = windowOf(secondsOf(record), windowSeconds);
    const last = runs.at(-1);
    if (last && last.window.start === window.start) last.records.push(record);
    else runs.push({ window, records: [record] });
  }
  return runs;
}

/** The window as the event carries it: ISO-8601 times without milliseconds. */
export function eventWindow(window: Window): { start: string; end: string } {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return { start: iso(window.start), end: iso(window.end) };
}

export type WindowState = Record<string, unknown>;

/**
 * Reads a tumbling-window invocation's response: its state and, when the
 * mapping reports batch item failures, the failures. No `state` object: the
 * invocation failed.
 */
export function readWindowResponse(payload: unknown, ids: ReadonlySet<string>, reportFailures: boolean): { verdict: BatchVerdict; state?: WindowState } {
  const state = (payload as { state?: unknown } | null)?.state;
  if (!state || typeof state !== 'object' || Array.isArray(state)) {
    return { verdict: { kind: 'failed', reason: 'a tumbling window invocation must return a state object' } };
  }
  const verdict = reportFailures ? readBatchResponse(payload, ids) : { kind: 'success' as const };
  return { verdict, state: state as WindowState };
}

export function stateTooLarge(state: WindowState): boolean {
  return Buffer.byteLength(JSON.stringify(state)) > MAX_WINDOW_STATE_BYTES;
}
