// What the runtime does, as JSON lines in <stateDir>/trace.jsonl and as
// readable lines on the console (runtime.log), so a learner (or a test) can
// follow every invocation, retry, bisect and hand-off. The events and their
// readable form are in trace-events.ts.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type TraceEvent } from './trace-events.ts';

export type { TraceEvent, TraceKind } from './trace-events.ts';

export class Trace {
  private readonly file: string;

  constructor(stateDir: string, private readonly quiet = false) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'trace.jsonl');
  }

  emit(event: TraceEvent): void {
    const timed = { time: new Date().toISOString(), ...event };
    appendFileSync(this.file, `${JSON.stringify(timed)}\n`);
    if (!this.quiet) console.log(describe(timed));
  }
}
