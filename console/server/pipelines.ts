// The pipeline view: each lab's diagram as hops and edges, with live counts on
// every hop over the last `windowMinutes`. A hop that failed says why: the
// newest error its function logged, or why the message in its DLQ failed.
import type { Message } from '@aws-sdk/client-sqs';
import { deadLetterQueues, peek } from '@streamlab/labs/dead-letters';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import type { Target } from '@streamlab/kit/target';
import type { Context, Deployment } from './context.ts';
import { depth, errorText, itemCount, logEvents, logGroupOf, metricSeries, newestErrorLine, totals, type MetricQuery } from './readers.ts';
import { traceCounts, traceSince } from './trace.ts';
import { resourceName } from '@streamlab/kit/arn';
import { fetchHopCounts } from '@streamlab/labs/hops';
import type { HopCounts } from '../../local/runtime/protocol.ts';

export type HopKind = 'url' | 'table' | 'stream' | 'function' | 'topic' | 'queue' | 'dlq' | 'email' | 'schedule';

export interface Hop {
  id: string;
  kind: HopKind;
  label: string;
  /** The AWS resource: a function or table name, a topic ARN, a queue URL. */
  resource: string;
  counts: [string, number | string][];
  state: 'idle' | 'ok' | 'busy' | 'failed';
  reason?: string;
}

export interface Pipeline {
  lab: 1 | 2 | 3 | 4;
  title: string;
  hops: Hop[];
  edges: [from: string, to: string][];
}

/** A resource's name without the deployment's "streamlab-<instance>-" prefix, as the docs name it. */
export function shortName(name: string): string {
  return name.replace(/^streamlab-[a-z0-9-]+?-(?=[A-Z]|message|webhook|background|stale|alerts|replies|ingest|submissions|idempotency|messages|lab4|preferences|digest|daily|analytics|search)/, '');
}

const LAMBDA_METRICS = ['Invocations', 'Errors', 'Throttles'] as const;

/** Why the first message of a DLQ failed, peeked at most every 10 s per queue and depth (a peek raises its receive count). */
const reasonCache = new Map<string, { visible: number; atMs: number; reason: string }>();

async function dlqReason(d: Deployment, url: string, visible: number): Promise<string> {
  const cached = reasonCache.get(url);
  if (cached?.visible === visible && Date.now() - cached.atMs < 10_000) return cached.reason;
  const queue = deadLetterQueues(d.target).find((q) => q.url === url);
  const [message]: Message[] = await peek(d.clients, url, 1);
  const reason = message && queue ? queue.reason(message.Body ?? '', message) : `${visible} message(s) waiting`;
  reasonCache.set(url, { visible, atMs: Date.now(), reason });
  return reason;
}

class HopReader {
  private metrics = new Map<string, number>();
  private trace: ReturnType<typeof traceCounts> = new Map();
  /** The emulator's counts of every hop since it started (local only; see `make hops`). */
  private hops: HopCounts | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly d: Deployment,
    private readonly sinceMs: number,
  ) {}

  /** Reads every function's and topic's metric totals in one GetMetricData call, and the trace. */
  async load(functions: string[], topics: string[]): Promise<void> {
    const queries: MetricQuery[] = [
      ...functions.flatMap((fn, i) => LAMBDA_METRICS.map((m) => ({ id: `f${i}_${m}`, namespace: 'AWS/Lambda' as const, metric: m, dimension: { Name: 'FunctionName', Value: fn }, stat: 'Sum' as const }))),
      ...topics.flatMap((arn, i) =>
        ['NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed'].map((m) => ({ id: `t${i}_${m}`, namespace: 'AWS/SNS' as const, metric: m, dimension: { Name: 'TopicName', Value: resourceName(arn) }, stat: 'Sum' as const })),
      ),
    ];
    const sums = totals(await metricSeries(this.d.clients, queries, this.sinceMs, 60));
    for (const [i, fn] of functions.entries()) for (const m of LAMBDA_METRICS) this.metrics.set(`${fn}/${m}`, sums[`f${i}_${m}`] ?? 0);
    for (const [i, arn] of topics.entries()) for (const m of ['NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed']) this.metrics.set(`${arn}/${m}`, sums[`t${i}_${m}`] ?? 0);
    this.trace = traceCounts(traceSince(this.ctx.stateDir, this.sinceMs)); // empty on AWS: no trace file
    this.hops = this.d.target.endpoint ? await fetchHopCounts(this.d.target).catch(() => undefined) : undefined;
  }

  /** The emulator's counters of the resource whose ARN ends with `suffix`. */
  private counted<K extends Exclude<keyof HopCounts, 'since'>>(kind: K, suffix: string): HopCounts[K][string] | undefined {
    const entries = Object.entries(this.hops?.[kind] ?? {}) as [string, HopCounts[K][string]][];
    return entries.find(([arn]) => arn.endsWith(suffix))?.[1];
  }

  async fn(id: string, name: string, label = shortName(name)): Promise<Hop> {
    const invocations = this.metrics.get(`${name}/Invocations`) ?? 0;
    const errors = this.metrics.get(`${name}/Errors`) ?? 0;
    const throttles = this.metrics.get(`${name}/Throttles`) ?? 0;
    const t = this.trace.get(name);
    const counts: Hop['counts'] = [['invocations', invocations], ['errors', errors], ['throttles', throttles]];
    if (t) counts.push(['retries', t.retries], ['bisects', t.bisects]);
    const hop: Hop = { id, kind: 'function', label, resource: name, counts, state: invocations > 0 ? 'ok' : 'idle' };
    if (errors > 0) {
      hop.state = 'failed';
      const newest = newestErrorLine((await logEvents(this.d.clients, logGroupOf(name), 'ERROR', this.sinceMs, 200)).reverse());
      hop.reason = newest?.message ? errorText(newest.message) : `${errors} invocation(s) failed`;
    }
    return hop;
  }

  records(name: string): number {
    return this.trace.get(name)?.records ?? 0;
  }

  topic(id: string, arn: string, label = shortName(resourceName(arn))): Hop {
    const delivered = this.metrics.get(`${arn}/NumberOfNotificationsDelivered`) ?? 0;
    const failed = this.metrics.get(`${arn}/NumberOfNotificationsFailed`) ?? 0;
    const hop: Hop = { id, kind: 'topic', label, resource: arn, counts: [['delivered', delivered], ['failed', failed]], state: delivered > 0 ? 'ok' : 'idle' };
    const total = this.hops?.topic[arn];
    if (this.hops) hop.counts.push(['published in all', total?.published ?? 0]);
    if (failed > 0) Object.assign(hop, { state: 'failed', reason: `${failed} notification(s) could not be delivered (NumberOfNotificationsFailed)` });
    return hop;
  }

  async queue(id: string, url: string, kind: 'queue' | 'dlq' = 'queue'): Promise<Hop> {
    const { visible, inFlight } = await depth(this.d.clients, url);
    const hop: Hop = { id, kind, label: shortName(url.split('/').at(-1)!), resource: url, counts: [['visible', visible], ['in flight', inFlight]], state: visible + inFlight > 0 ? 'busy' : 'idle' };
    if (kind === 'dlq' && visible > 0) Object.assign(hop, { state: 'failed', reason: await dlqReason(this.d, url, visible) });
    if (this.hops) {
      // Every hop since the emulator started: added = deleted + to the DLQ + present (+ purged, moved out).
      const q = this.counted('queue', `:${url.split('/').at(-1)}`);
      hop.counts.push(['added in all', q?.sent ?? 0], ['received in all', q?.received ?? 0], ['deleted in all', q?.deleted ?? 0], ['to DLQ in all', q?.to_dlq ?? 0]);
      if (q?.unaccounted) Object.assign(hop, { state: 'failed', reason: `${q.unaccounted} message(s) left the queue by no known path (make hops)` });
    }
    return hop;
  }

  async table(id: string, name: string): Promise<Hop> {
    const items = await itemCount(this.d.clients, name);
    const counts: Hop['counts'] = [['items', items]];
    if (this.hops) counts.push(['written in all', this.counted('table', `:table/${name}`)?.written ?? 0]);
    return { id, kind: 'table', label: shortName(name), resource: name, counts, state: items > 0 ? 'ok' : 'idle' };
  }
}

/** A function fed by a queue or stream: the records the runtime handed it, beside its invocations. */
function withRecords(hop: Hop, records: number, local: boolean): Hop {
  if (local) hop.counts.splice(1, 0, ['records', records]);
  return hop;
}

function emailsSent(target: Target, topicArn: string): number {
  return readOutbox(outboxDir(target.stateDir)).filter((e) => e.headers['x-streamlab-topic-arn'] === topicArn && e.headers['x-streamlab-kind'] !== 'SubscriptionConfirmation').length;
}

export async function pipelines(ctx: Context, windowMinutes: number): Promise<Pipeline[]> {
  const d = ctx.deployment();
  const { lab1, lab2, lab3, lab4 } = d.target;
  const sinceMs = Date.now() - windowMinutes * 60_000;
  const r = new HopReader(ctx, d, sinceMs);
  const topics = [lab1.notifications_topic_arn, lab2.order_topic_arn, lab3.replies_topic_arn, lab4.digest_topic_arn, ...(lab3.ingest_topic_arn ? [lab3.ingest_topic_arn] : [])];
  const fns = lab4.function_names;
  await r.load([lab1.processor_function_name, lab2.processor_function_name, lab3.webhook_function_name, lab3.processor_function_name, lab3.stale_function_name, fns.message_api, fns.search_indexer, fns.analytics, fns.preferences_sync, fns.digest], topics);
  const local = d.target.name === 'local' || d.target.endpoint !== undefined;

  const messages = await r.table('messages', lab1.messages_table);
  const stream: Hop = { id: 'stream', kind: 'stream', label: 'DynamoDB stream', resource: `${lab1.messages_table} stream`, counts: [['records read', local ? r.records(lab1.processor_function_name) : 'n/a on AWS']], state: 'idle' };
  stream.state = r.records(lab1.processor_function_name) > 0 ? 'ok' : 'idle';
  const lab1Pipeline: Pipeline = {
    lab: 1,
    title: 'Lab 1: stream notifications',
    hops: [
      messages,
      stream,
      await r.fn('processor', lab1.processor_function_name),
      r.topic('topic', lab1.notifications_topic_arn),
      await r.queue('testQueue', lab1.test_queue_url),
      { id: 'email', kind: 'email', label: 'email', resource: 'outbox', counts: [['sent', local ? emailsSent(d.target, lab1.notifications_topic_arn) : 'see your inbox']], state: 'idle' },
      await r.queue('testDlq', lab1.test_queue_dlq_url, 'dlq'),
      await r.queue('subscriptionDlq', lab1.subscription_dlq_url, 'dlq'),
      await r.queue('streamFailures', lab1.stream_failures_queue_url, 'dlq'),
    ],
    edges: [['messages', 'stream'], ['stream', 'processor'], ['processor', 'topic'], ['topic', 'testQueue'], ['topic', 'email'], ['testQueue', 'testDlq'], ['topic', 'subscriptionDlq'], ['processor', 'streamFailures']],
  };

  const lab2Pipeline: Pipeline = {
    lab: 2,
    title: 'Lab 2: orders',
    hops: [
      r.topic('topic', lab2.order_topic_arn),
      await r.queue('queue', lab2.order_queue_url),
      withRecords(await r.fn('processor', lab2.processor_function_name), r.records(lab2.processor_function_name), local),
      await r.table('orders', lab2.orders_table),
      await r.queue('dlq', lab2.order_dlq_url, 'dlq'),
    ],
    edges: [['topic', 'queue'], ['queue', 'processor'], ['processor', 'orders'], ['queue', 'dlq']],
  };

  const ingest: Hop[] = [];
  const edges: Pipeline['edges'] = [['url', 'handler']];
  if (lab3.ingest_topic_arn) {
    ingest.push(r.topic('ingestTopic', lab3.ingest_topic_arn));
    edges.push(['handler', 'ingestTopic'], ['ingestTopic', 'processor']);
    if (lab3.ingest_subscription_dlq) {
      ingest.push(await r.queue('subscriptionDlq', lab3.ingest_subscription_dlq, 'dlq'));
      edges.push(['ingestTopic', 'subscriptionDlq']);
    }
  }
  if (lab3.ingest_queue_url) {
    ingest.push(await r.queue('ingestQueue', lab3.ingest_queue_url));
    edges.push(['handler', 'ingestQueue'], ['ingestQueue', 'processor']);
    if (lab3.ingest_dlq_url) {
      ingest.push(await r.queue('ingestDlq', lab3.ingest_dlq_url, 'dlq'));
      edges.push(['ingestQueue', 'ingestDlq']);
    }
  }
  const handler = await r.fn('handler', lab3.webhook_function_name);
  const lab3Pipeline: Pipeline = {
    lab: 3,
    title: `Lab 3: webhook push with idempotency (delivery ${lab3.delivery_mode})`,
    hops: [
      { id: 'url', kind: 'url', label: 'function URL', resource: lab3.webhook_url, counts: [['requests', handler.counts[0]![1]]], state: handler.state === 'failed' ? 'ok' : handler.state },
      handler,
      ...ingest,
      await r.fn('processor', lab3.processor_function_name),
      await r.table('idempotency', lab3.idempotency_table),
      await r.table('submissions', lab3.submissions_table),
      await r.queue('processorDlq', lab3.processor_dlq_url, 'dlq'),
      r.topic('replies', lab3.replies_topic_arn),
      await r.queue('repliesQueue', lab3.replies_queue_url),
      await r.fn('stale', lab3.stale_function_name),
    ],
    edges: [...edges, ['processor', 'idempotency'], ['processor', 'submissions'], ['processor', 'processorDlq'], ['processor', 'replies'], ['replies', 'repliesQueue'], ['stale', 'submissions']],
  };
  const api = await r.fn('api', fns.message_api);
  const lab4Pipeline: Pipeline = {
    lab: 4,
    title: 'Lab 4: build on it',
    hops: [
      { id: 'url', kind: 'url', label: 'HTTP API (web app)', resource: lab4.web_app_url, counts: [['requests', api.counts[0]![1]]], state: api.state === 'failed' ? 'ok' : api.state },
      api,
      await r.table('messages', lab1.messages_table),
      { id: 'stream', kind: 'stream', label: 'DynamoDB stream', resource: `${lab1.messages_table} stream`, counts: [['records to lab 4', local ? r.records(fns.search_indexer) + r.records(fns.analytics) : 'n/a on AWS']], state: 'idle' },
      withRecords(await r.fn('indexer', fns.search_indexer), r.records(fns.search_indexer), local),
      await r.table('index', lab4.search_index_table),
      withRecords(await r.fn('analytics', fns.analytics), r.records(fns.analytics), local),
      await r.table('analyticsTable', lab4.analytics_table),
      r.topic('notifications', lab1.notifications_topic_arn),
      await r.queue('filtered', lab4.filtered_queue_url),
      await r.table('preferences', lab4.preferences_table),
      withRecords(await r.fn('sync', fns.preferences_sync), r.records(fns.preferences_sync), local),
      { id: 'schedule', kind: 'schedule', label: 'daily digest (Scheduler)', resource: lab4.digest_schedule_name, counts: [], state: 'idle' },
      await r.fn('digest', fns.digest),
      r.topic('digests', lab4.digest_topic_arn),
      await r.queue('archive', lab4.digest_archive_queue_url),
      { id: 'email', kind: 'email', label: 'email', resource: 'outbox', counts: [['digests sent', local ? emailsSent(d.target, lab4.digest_topic_arn) : 'see your inbox']], state: 'idle' },
      await r.queue('failures', lab4.stream_failures_queue, 'dlq'),
    ],
    edges: [
      ['url', 'api'], ['api', 'messages'], ['api', 'preferences'], ['messages', 'stream'], ['stream', 'indexer'], ['indexer', 'index'], ['stream', 'analytics'], ['analytics', 'analyticsTable'],
      ['notifications', 'filtered'], ['preferences', 'sync'], ['sync', 'notifications'], ['sync', 'digests'], ['schedule', 'digest'], ['digest', 'digests'], ['digests', 'archive'], ['digests', 'email'],
      ['indexer', 'failures'], ['analytics', 'failures'], ['sync', 'failures'],
    ],
  };
  lab4Pipeline.hops[3]!.state = r.records(fns.search_indexer) > 0 ? 'ok' : 'idle';
  return [lab1Pipeline, lab2Pipeline, lab3Pipeline, lab4Pipeline];
}
