// The message timeline: give it a message_id, an orderId or a stream record's
// sequence number and see every attempt on its path (function, source,
// duration, error) and where it ended: stored in a table, waiting in a DLQ, or
// still on its way. Read from CloudWatch Logs (every function logs the ids it
// handles), REPORT lines, the tables, a peek into each DLQ and, locally, the
// runtime's trace for each attempt's source and attempt number.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { deadLetterQueues, peek } from '@streamlab/labs/dead-letters';
import type { Context } from './context.ts';
import { errorText, logEvents, logGroupOf, newestErrorLine } from './readers.ts';
import { shortFunction, traceSince } from './trace.ts';

export interface Attempt {
  time: string;
  function: string;
  requestId: string;
  source?: string;
  attempt?: number;
  durationMs?: number;
  ok: boolean;
  error?: string;
  /** What the function logged about this id. */
  lines: string[];
}

export interface Timeline {
  id: string;
  attempts: Attempt[];
  ended: { where: 'table' | 'dlq' | 'pending' | 'unknown'; detail: string }[];
}

export const ID_PATTERN = /^[A-Za-z0-9._:@+-]{1,128}$/;

function requestIdOf(message: string): string | undefined {
  try {
    return (JSON.parse(message) as { function_request_id?: string }).function_request_id;
  } catch {
    return /RequestId: ([0-9a-f-]{36})/.exec(message)?.[1] ?? /^\S+\t([0-9a-f-]{36})\t/.exec(message)?.[1];
  }
}

function levelOf(message: string): string {
  try {
    return (JSON.parse(message) as { level?: string }).level ?? 'INFO';
  } catch {
    return /\tERROR\t/.test(message) ? 'ERROR' : 'INFO';
  }
}

function summary(message: string): string {
  try {
    const line = JSON.parse(message) as { level?: string; message?: string };
    const error = levelOf(message) === 'ERROR' ? `: ${errorText(message)}` : '';
    return `${line.level ?? ''} ${line.message ?? ''}${error}`.trim();
  } catch {
    return message.trim().slice(0, 300);
  }
}

export async function timeline(ctx: Context, id: string, windowMinutes: number): Promise<Timeline> {
  const d = ctx.deployment();
  const { lab1, lab2, lab3, lab4 } = d.target;
  const sinceMs = Date.now() - windowMinutes * 60_000;
  // Lab 4's web app and search indexer log the message ids they handle too.
  const functions = [lab4.function_names.message_api, lab1.processor_function_name, lab4.function_names.search_indexer, lab2.processor_function_name, lab3.webhook_function_name, lab3.processor_function_name, lab3.stale_function_name];
  const trace = new Map(traceSince(ctx.stateDir, sinceMs).filter((e) => e.kind === 'invoke' && e['requestId']).map((e) => [String(e['requestId']), e]));

  const attempts: Attempt[] = [];
  for (const fn of functions) {
    const mentions = await logEvents(d.clients, logGroupOf(fn), `"${id}"`, sinceMs, 500);
    const byRequest = new Map<string, string[]>();
    for (const e of mentions) {
      const rid = requestIdOf(e.message ?? '');
      if (rid) byRequest.set(rid, [...(byRequest.get(rid) ?? []), summary(e.message ?? '')]);
    }
    for (const [requestId, lines] of byRequest) {
      const own = await logEvents(d.clients, logGroupOf(fn), `"${requestId}"`, sinceMs, 200);
      const report = own.find((e) => e.message?.startsWith('REPORT'));
      const start = own.find((e) => e.message?.startsWith('START')) ?? own[0];
      const errors = own.filter((e) => levelOf(e.message ?? '') === 'ERROR');
      const t = trace.get(requestId);
      const failed = t ? t['result'] !== 'success' : errors.length > 0;
      const errorLine = errors.find((e) => e.message?.includes(id)) ?? newestErrorLine(errors);
      attempts.push({
        time: new Date(start?.timestamp ?? 0).toISOString(),
        function: shortFunction(fn),
        requestId,
        source: t?.source,
        attempt: typeof t?.['attempt'] === 'number' ? (t['attempt'] as number) : undefined,
        durationMs: report ? Number(/Duration: ([\d.]+) ms/.exec(report.message!)?.[1]) : undefined,
        ok: !failed,
        error: failed ? (errorLine?.message ? errorText(errorLine.message) : String(t?.['error'] ?? 'failed')) : undefined,
        lines,
      });
    }
  }
  attempts.sort((a, b) => a.time.localeCompare(b.time));

  const ended: Timeline['ended'] = [];
  for (const [table, key] of [[lab1.messages_table, 'message_id'], [lab2.orders_table, 'orderId'], [lab3.submissions_table, 'message_id']] as const) {
    const { Item } = await d.clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: { [key]: { S: id } } }));
    if (Item) ended.push({ where: 'table', detail: `stored in ${table}${Item['status']?.S ? ` (status ${Item['status'].S})` : ''}` });
  }
  for (const q of deadLetterQueues(d.target)) {
    const messages = await peek(d.clients, q.url, 50);
    const hit = messages.find((m) => m.Body?.includes(id) || Object.values(m.MessageAttributes ?? {}).some((a) => a.StringValue === id));
    if (hit) ended.push({ where: 'dlq', detail: `in the DLQ ${q.url.split('/').at(-1)} (${q.key}): ${q.reason(hit.Body ?? '', hit)}` });
  }
  if (ended.length === 0) {
    ended.push(attempts.length === 0 ? { where: 'unknown', detail: `no function logged ${id} in the last ${windowMinutes} minutes` } : { where: 'pending', detail: attempts.at(-1)!.ok ? 'handled; not stored in a lab table' : 'failed; waiting for a retry (visibility timeout or async retry)' });
  }
  return { id, attempts, ended };
}
