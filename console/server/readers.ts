// Small readers over the AWS APIs, shared by the console's views. Each one is
// the call a learner would make with the CLI; nothing reads the emulator's
// internals.
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ScriptClients } from '@streamlab/kit/clients';
import { depth } from '@streamlab/labs/dead-letters';

export { depth };

/** Items in a table, by a COUNT scan (DescribeTable's ItemCount lags by up to six hours on AWS). Stops at `cap`. */
export async function itemCount(clients: ScriptClients, table: string, cap = 100_000): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await clients.dynamodb.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start && count < cap);
  return count;
}

export interface MetricQuery {
  id: string;
  namespace: 'AWS/Lambda' | 'AWS/SNS';
  metric: string;
  dimension: { Name: string; Value: string };
  stat: 'Sum' | 'Maximum' | 'Average';
}

/** One GetMetricData call for many series: each id maps to its timestamps (ms) and values, oldest first. */
export async function metricSeries(
  clients: ScriptClients,
  queries: MetricQuery[],
  sinceMs: number,
  periodS: number,
): Promise<Map<string, { t: number[]; v: number[] }>> {
  const out = new Map<string, { t: number[]; v: number[] }>();
  for (let i = 0; i < queries.length; i += 500) {
    const MetricDataQueries: MetricDataQuery[] = queries.slice(i, i + 500).map((q) => ({
      Id: q.id,
      MetricStat: { Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: [q.dimension] }, Period: periodS, Stat: q.stat },
    }));
    let NextToken: string | undefined;
    do {
      const page = await clients.cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries, StartTime: new Date(sinceMs), EndTime: new Date(Date.now() + periodS * 1000), NextToken, ScanBy: 'TimestampAscending' }),
      );
      for (const r of page.MetricDataResults ?? []) {
        const series = out.get(r.Id!) ?? { t: [], v: [] };
        (r.Timestamps ?? []).forEach((ts, j) => {
          series.t.push(ts.getTime());
          series.v.push(r.Values?.[j] ?? 0);
        });
        out.set(r.Id!, series);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  for (const series of out.values()) {
    const order = series.t.map((_, j) => j).sort((a, b) => series.t[a]! - series.t[b]!);
    series.t = order.map((j) => series.t[j]!);
    series.v = order.map((j) => series.v[j]!);
  }
  return out;
}

/** The sum of each series over the window (a metric's total, e.g. Invocations). */
export function totals(series: Map<string, { v: number[] }>): Record<string, number> {
  return Object.fromEntries([...series].map(([id, s]) => [id, s.v.reduce((a, b) => a + b, 0)]));
}

/** Log events of a group matching a filter pattern since `sinceMs` (every page; at most `limit`). */
export async function logEvents(clients: ScriptClients, logGroupName: string, filterPattern: string | undefined, sinceMs: number, limit = 2000): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern, startTime: Math.floor(sinceMs), nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken && events.length < limit);
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return []; // a function that never ran has no log group yet
    throw error;
  }
  return events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** A function's log group, as Lambda names it. */
export function logGroupOf(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Lambda's own lines for a handler that threw: "<time>\t<request id>\tERROR\tInvoke Error \t{...}" (text format). */
const RUNTIME_ERROR_LINE = /\t(?:Invoke Error|Uncaught Exception) \t(\{.*\})\s*$/s;

/** True for the line Lambda's runtime writes when a handler throws (the application's own error lines say more). */
export function isRuntimeErrorLine(message: string): boolean {
  return RUNTIME_ERROR_LINE.test(message);
}

/** The newest error line to show: the application's own, else the runtime's Invoke Error. */
export function newestErrorLine<T extends { message?: string }>(newestFirst: T[]): T | undefined {
  return newestFirst.find((e) => e.message && !isRuntimeErrorLine(e.message)) ?? newestFirst[0];
}

/** The text of a log line's error: Powertools' JSON `error.message`, Lambda's Invoke Error, or the line itself. */
export function errorText(message: string): string {
  const runtime = RUNTIME_ERROR_LINE.exec(message);
  if (runtime) {
    try {
      const error = JSON.parse(runtime[1]!) as { errorType?: string; errorMessage?: string };
      return `${error.errorType ?? 'Error'}: ${error.errorMessage ?? ''}`;
    } catch {
      // not JSON after all: fall through to the line itself
    }
  }
  try {
    const line = JSON.parse(message) as { message?: string; error?: { message?: string; name?: string }; errorMessage?: string };
    if (line.error?.message) return `${line.error.name ? `${line.error.name}: ` : ''}${line.error.message}`;
    return line.errorMessage ?? line.message ?? message;
  } catch {
    return message.trim().split('\t').at(-1)!.slice(0, 300);
  }
}
