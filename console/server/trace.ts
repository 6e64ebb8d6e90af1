// The local runtime's trace (.streamlab/<instance>/trace.jsonl, what `make
// trace` follows): the only record of retries, bisects and on-failure hand-offs,
// which AWS keeps inside Lambda's pollers and shows in no API. Absent on AWS.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TimedTraceEvent as TraceEvent } from '../../local/runtime/trace-events.ts';
import { nameOf } from '@streamlab/kit/arn';

export type { TraceEvent };

/** Trace events since `sinceMs`, read from the file's last `maxBytes` (log lines left out). */
export function traceSince(stateDir: string, sinceMs: number, maxBytes = 4 << 20): TraceEvent[] {
  const file = join(stateDir, 'trace.jsonl');
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const length = Math.min(size, maxBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n');
  if (length < size) lines.shift(); // a partial first line
  const events: TraceEvent[] = [];
  for (const line of lines) {
    if (!line || line.includes('"kind":"log"')) continue;
    try {
      const event = JSON.parse(line) as TraceEvent;
      if (Date.parse(event.time) >= sinceMs) events.push(event);
    } catch {
      // a line being written
    }
  }
  return events;
}

/** The short name of a function from its name or ARN. */
export function shortFunction(nameOrArn: string | undefined): string {
  return nameOrArn ? nameOf(nameOrArn) : '';
}

/** Counts per function: retries, bisects, on-failure hand-offs, records read from streams and queues. */
export function traceCounts(events: TraceEvent[]): Map<string, { retries: number; bisects: number; onFailure: number; records: number; throttled: number }> {
  const out = new Map<string, { retries: number; bisects: number; onFailure: number; records: number; throttled: number }>();
  for (const e of events) {
    const fn = shortFunction(e.function);
    if (!fn) continue;
    const c = out.get(fn) ?? { retries: 0, bisects: 0, onFailure: 0, records: 0, throttled: 0 };
    if (e.kind === 'retry') c.retries += 1;
    if (e.kind === 'bisect') c.bisects += 1;
    if (e.kind === 'on-failure') c.onFailure += 1;
    if (e.kind === 'throttled') c.throttled += 1;
    if (e.kind === 'invoke' && typeof e['batchSize'] === 'number') c.records += e['batchSize'] as number;
    out.set(fn, c);
  }
  return out;
}
