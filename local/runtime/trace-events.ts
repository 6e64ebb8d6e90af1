// The events of an instance's trace (.streamlab/<instance>/trace.jsonl): the
// runtime writes them (trace.ts), and so does the emulator where it refuses
// something (local/emulator/trace_file.py). This file is their one type and
// their one readable form: the runtime's log prints it, and so does `make trace`.

import { nameOf } from '@streamlab/kit/arn';

export type TraceKind =
  | 'invoke'
  | 'retry'
  | 'bisect'
  | 'on-failure'
  | 'on-success'
  | 'checkpoint'
  | 'discovered'
  | 'refused'
  | 'error'
  | 'log'
  | 'schedule'
  | 'delivered'
  | 'alarm'
  | 'throttled';

export interface TraceEvent {
  kind: TraceKind;
  /** The function's name (the emulator may write its ARN). */
  function?: string;
  /** Where the event came from: dynamodb, sqs, async:sns, invoke, function-url, or an ARN. */
  source?: string;
  /** Why something was refused or failed. */
  reason?: string;
  /** What was discovered: a function's handler and timeout, a schedule's expression. */
  detail?: string;
  [key: string]: unknown;
}

/** An event as read back from the file: with the time it was written. */
export type TimedTraceEvent = TraceEvent & { time: string };

const ICONS: Record<string, string> = { invoke: '▶', retry: '↻', bisect: '⑂', 'on-failure': '☠', 'on-success': '✔', refused: '⛔', error: '!', discovered: '+', log: ' ', schedule: '⏰', delivered: '→', alarm: '🔔', throttled: '⊘' };

/** One readable line: "HH:MM:SS.mmm <icon> <what happened>". */
export function describe(e: TimedTraceEvent): string {
  const time = e.time.slice(11, 23);
  const fn = e.function ? nameOf(e.function) : '';
  switch (e.kind) {
    case 'invoke':
      return `${time} ${ICONS['invoke']} ${fn} ← ${e.source}${e['batchSize'] ? ` ×${e['batchSize']}` : ''}${e['attempt'] ? ` attempt ${e['attempt']}` : ''} ${e['durationMs']} ms ${e['result']}${e['failedItems'] ? `: ${e['failedItems']} of ${e['batchSize']} reported failed (batchItemFailures)` : ''}${e['status'] ? ` (HTTP ${e['status']})` : ''}${e['error'] ? `: ${String(e['error'])}` : ''}`;
    case 'schedule':
      return `${time} ${ICONS['schedule']} ${String(e.source).split('/').at(-1)} → ${fn} (async)`;
    case 'delivered':
      return `${time} ${ICONS['delivered']} ${nameOf(String(e.source))} → ${nameOf(String(e['target']))}${e.detail ? ` (${e.detail})` : ''}`;
    case 'alarm':
      return `${time} ${ICONS['alarm']} alarm ${e['alarm']}: ${e['from']} → ${e['to']}`;
    case 'retry':
      return `${time} ${ICONS['retry']} ${fn} retry ${e['attempt']}${e['delayMs'] ? ` in ${(Number(e['delayMs']) / 1000).toFixed(1)} s` : ''} (${e.source})`;
    case 'bisect':
      return `${time} ${ICONS['bisect']} ${fn} bisect a failed batch of ${e['batchSize']}`;
    case 'on-failure':
      return `${time} ${ICONS['on-failure']} ${fn} ${e['condition']} → ${[e['dlq'], e['destination']].filter(Boolean).join(', ') || 'dropped'}`;
    case 'on-success':
      return `${time} ${ICONS['on-success']} ${fn} Success → ${e['destination']}`;
    case 'log':
      return `${time}   ${fn} | ${e['line']}`;
    case 'discovered':
      return `${time} ${ICONS['discovered']} discovered ${fn} ${e.source ?? ''}${e.detail ? ` (${e.detail})` : ''}`.replace(/ +\(/, ' (').trimEnd();
    default:
      return `${time} ${ICONS[e.kind] ?? '·'} ${e.kind} ${fn} ${e.source ?? ''}${e.reason ? `: ${String(e.reason)}` : ''}`.replace(/ +:/, ':').trimEnd();
  }
}
