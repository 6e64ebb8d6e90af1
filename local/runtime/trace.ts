// What the runtime does, as readable lines on the console and as JSON lines in
// <stateDir>/trace.jsonl, so a learner (or a test) can follow every invocation,
// retry, bisect and hand-off.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type TraceKind =
  | 'invoke'
  | 'retry'
  | 'bisect'
  | 'on-failure'
  | 'checkpoint'
  | 'discovered'
  | 'refused'
  | 'error'
  | 'log'
  | 'schedule'
  | 'alarm'
  | 'throttled';

export interface TraceEvent {
  kind: TraceKind;
  function?: string;
  source?: string;
  [key: string]: unknown;
}

export class Trace {
  private readonly file: string;

  constructor(stateDir: string, private readonly quiet = false) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'trace.jsonl');
  }

  emit(event: TraceEvent, line: string): void {
    const time = new Date().toISOString();
    appendFileSync(this.file, `${JSON.stringify({ time, ...event })}\n`);
    if (!this.quiet) console.log(`${time.slice(11, 23)} ${event.kind.padEnd(10)} ${line}`);
  }
}
