// The metrics page: the seeds' CloudWatch graphs over the last minutes.
// Lambda's Invocations, Errors, Duration, Throttles, ConcurrentExecutions and
// IteratorAge, and SNS NumberOfNotificationsFailed come from GetMetricData.
// Queue depth has no metric in the emulator (AWS/SQS is published by SQS
// itself on AWS, every minute), so the console samples GetQueueAttributes
// every 5 s while a page is watching, and keeps the last 30 minutes.
import type { Context } from './context.ts';
import { shortName } from './pipelines.ts';
import { depth, metricSeries, type MetricQuery } from './readers.ts';
import { resourceName } from '@streamlab/kit/arn';

const FUNCTION_METRICS: { metric: string; stat: MetricQuery['stat'] }[] = [
  { metric: 'Invocations', stat: 'Sum' },
  { metric: 'Errors', stat: 'Sum' },
  { metric: 'Duration', stat: 'Average' },
  { metric: 'Throttles', stat: 'Sum' },
  { metric: 'ConcurrentExecutions', stat: 'Maximum' },
  { metric: 'IteratorAge', stat: 'Maximum' },
];

export interface Chart {
  title: string;
  unit: string;
  /** One series per function (or queue, or topic). */
  series: { label: string; t: number[]; v: number[] }[];
}

const SAMPLE_MS = 5000;
const KEEP_MS = 30 * 60_000;

/** Queue depths sampled while someone looks: url -> [time, visible + in flight]. */
export class DepthSampler {
  private samples = new Map<string, [number, number][]>();
  private timer: NodeJS.Timeout | undefined;
  private lastAsked = 0;

  constructor(private readonly ctx: Context) {}

  /** Called on every metrics request: sampling runs while pages ask, and stops 60 s after the last one. */
  watch(): void {
    this.lastAsked = Date.now();
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
    this.timer.unref();
    void this.sample();
  }

  private async sample(): Promise<void> {
    if (Date.now() - this.lastAsked > 60_000) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    let d: ReturnType<typeof this.ctx.deployment>;
    try {
      d = this.ctx.deployment();
    } catch {
      return; // nothing deployed
    }
    const { lab1, lab2, lab3 } = d.target;
    const urls = [lab1.test_queue_url, lab2.order_queue_url, lab2.order_dlq_url, lab3.processor_dlq_url, ...(lab3.ingest_queue_url ? [lab3.ingest_queue_url] : [])];
    const now = Date.now();
    await Promise.all(
      urls.map(async (url) => {
        const q = await depth(d.clients, url).catch(() => undefined);
        if (!q) return;
        const list = (this.samples.get(url) ?? []).filter(([t]) => t >= now - KEEP_MS);
        list.push([now, q.visible + q.inFlight]);
        this.samples.set(url, list);
      }),
    );
  }

  series(sinceMs: number): Chart['series'] {
    return [...this.samples].map(([url, list]) => {
      const kept = list.filter(([t]) => t >= sinceMs);
      return { label: url.split('/').at(-1)!, t: kept.map(([t]) => t), v: kept.map(([, v]) => v) };
    });
  }
}

export async function charts(ctx: Context, sampler: DepthSampler, minutes: number): Promise<Chart[]> {
  sampler.watch();
  const d = ctx.deployment();
  const { lab1, lab2, lab3 } = d.target;
  const fns = [lab1.processor_function_name, lab2.processor_function_name, lab3.webhook_function_name, lab3.processor_function_name];
  const topics = [lab1.notifications_topic_arn, lab2.order_topic_arn, lab3.replies_topic_arn, ...(lab3.ingest_topic_arn ? [lab3.ingest_topic_arn] : [])];
  const sinceMs = Date.now() - minutes * 60_000;
  // Lambda publishes per minute on AWS; the local runtime per datapoint, so 10 s periods show a burst's shape.
  const period = d.target.endpoint ? 10 : 60;
  const queries: MetricQuery[] = [
    ...FUNCTION_METRICS.flatMap((m, i) => fns.map((fn, j) => ({ id: `m${i}_${j}`, namespace: 'AWS/Lambda' as const, metric: m.metric, dimension: { Name: 'FunctionName', Value: fn }, stat: m.stat }))),
    ...topics.map((arn, j) => ({ id: `sns_${j}`, namespace: 'AWS/SNS' as const, metric: 'NumberOfNotificationsFailed', dimension: { Name: 'TopicName', Value: resourceName(arn) }, stat: 'Sum' as const })),
  ];
  const data = await metricSeries(d.clients, queries, sinceMs, period);
  const charts: Chart[] = FUNCTION_METRICS.map((m, i) => ({
    title: `${m.metric} (${m.stat})`,
    unit: m.metric === 'Duration' || m.metric === 'IteratorAge' ? 'ms' : 'count',
    series: fns.map((fn, j) => ({ label: shortName(fn), ...(data.get(`m${i}_${j}`) ?? { t: [], v: [] }) })),
  }));
  charts.push({ title: 'Queue depth (visible + in flight, sampled)', unit: 'messages', series: sampler.series(sinceMs) });
  charts.push({ title: 'SNS NumberOfNotificationsFailed (Sum)', unit: 'count', series: topics.map((arn, j) => ({ label: resourceName(arn), ...(data.get(`sns_${j}`) ?? { t: [], v: [] }) })) });
  return charts;
}
