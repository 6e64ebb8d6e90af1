// CloudWatch alarms. moto stores alarms but never evaluates them; the runtime
// evaluates every metric alarm every few seconds, sets its state with
// SetAlarmState and, on a change, publishes AWS's alarm notification to the
// alarm's actions (SNS topics), as CloudWatch does: JSON for queues and
// functions, AWS's text for email (alarm-email.ts). The subset covered:
// - statistics Sum, Average, Maximum, Minimum, SampleCount over
//   EvaluationPeriods × Period seconds (the latest periods, as GetMetricStatistics
//   answers them for the metrics the runtime and the emulator publish);
// - AWS/SQS ApproximateNumberOfMessages{Visible,NotVisible,Delayed} read live
//   from the queue (SQS publishes those every minute on AWS);
// - the four threshold comparisons, DatapointsToAlarm (M of N), and
//   TreatMissingData missing | notBreaching | breaching | ignore;
// - AlarmActions, OKActions and InsufficientDataActions that are SNS topics.
// Not covered: anomaly detection, metric math, composite alarms, percentiles,
// and the evaluation delay AWS adds for late data.
// A round's reads go to the emulator in one request (protocol.ts, part 11):
// as one SDK call per alarm they were most of an idle lab's CPU after a burst.
import { DescribeAlarmsCommand, SetAlarmStateCommand, type MetricAlarm, type Statistic, type StateValue } from '@aws-sdk/client-cloudwatch';
import { PublishCommand } from '@aws-sdk/client-sns';
import { parseArn } from '@streamlab/kit/arn';
import { alarmEmailText, javaDouble, type AlarmNotification } from './alarm-email.ts';
import { asService } from './as-service.ts';
import type { Clients } from './clients.ts';
import { ALARM_READS_PATH, type AlarmRead, type AlarmReadQuery, type AlarmReadsRequest } from './protocol.ts';
import type { Trace } from './trace.ts';

const QUEUE_METRICS: Record<string, string> = {
  ApproximateNumberOfMessagesVisible: 'ApproximateNumberOfMessages',
  ApproximateNumberOfMessagesNotVisible: 'ApproximateNumberOfMessagesNotVisible',
  ApproximateNumberOfMessagesDelayed: 'ApproximateNumberOfMessagesDelayed',
};

const REGION_NAMES: Record<string, string> = { 'us-east-1': 'US East (N. Virginia)', 'us-west-2': 'US West (Oregon)', 'eu-west-1': 'EU (Ireland)', 'eu-central-1': 'EU (Frankfurt)' };

/** One round's reads, in one request to the emulator (protocol.ts, part 11). */
export async function alarmReads(endpoint: string, queries: AlarmReadQuery[]): Promise<AlarmRead[]> {
  const request: AlarmReadsRequest = { queries };
  const response = await fetch(new URL(ALARM_READS_PATH, endpoint), { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${ALARM_READS_PATH} answered ${response.status}`);
  return ((await response.json()) as { reads: AlarmRead[] }).reads;
}

/** Whether one datapoint breaches the threshold. */
export function breaches(alarm: Pick<MetricAlarm, 'ComparisonOperator' | 'Threshold'>, value: number): boolean {
  const threshold = alarm.Threshold ?? 0;
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      return false;
  }
}

/**
 * The state an alarm should be in, given the values of its latest periods
 * (undefined = no data in that period), oldest first.
 */
export function evaluate(alarm: MetricAlarm, values: (number | undefined)[]): { state: StateValue | 'UNCHANGED'; reason: string } {
  const periods = alarm.EvaluationPeriods ?? 1;
  const needed = alarm.DatapointsToAlarm ?? periods;
  const treat = alarm.TreatMissingData ?? 'missing';
  const window = values.slice(-periods);
  const present = window.filter((v): v is number => v !== undefined);
  // AWS's wording; AWS also prints each datapoint's time, which the runtime does not keep.
  const describe = `[${window.map((v) => (v === undefined ? 'no data' : javaDouble(v))).join(', ')}]`;
  const relation = RELATIONS[alarm.ComparisonOperator ?? ''] ?? String(alarm.ComparisonOperator);
  const threshold = javaDouble(alarm.Threshold ?? 0);
  if (present.length === 0) {
    if (treat === 'notBreaching') return { state: 'OK', reason: `Threshold Crossed: no datapoints were received for ${periods} period(s), treated as not breaching.` };
    if (treat === 'breaching') return { state: 'ALARM', reason: `Threshold Crossed: no datapoints were received for ${periods} period(s), treated as breaching.` };
    if (treat === 'ignore') return { state: 'UNCHANGED', reason: 'no data (ignored)' };
    return { state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: no datapoints were received for ${periods} period(s).` };
  }
  const breaching = window.filter((v) => (v === undefined ? treat === 'breaching' : breaches(alarm, v))).length;
  const minimum = `(minimum ${needed} datapoint${needed === 1 ? '' : 's'} for`;
  if (breaching >= needed) {
    return { state: 'ALARM', reason: `Threshold Crossed: ${breaching} out of the last ${periods} datapoints ${describe} was ${relation} the threshold (${threshold}) ${minimum} OK -> ALARM transition).` };
  }
  return { state: 'OK', reason: `Threshold Crossed: ${periods - breaching} out of the last ${periods} datapoints ${describe} was not ${relation} the threshold (${threshold}) ${minimum} ALARM -> OK transition).` };
}

const RELATIONS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** AWS evaluates every alarm once a minute; the runtime does so while nothing happens. */
const AWS_INTERVAL_MS = 60_000;
/** How long after the last activity alarms keep the runtime's faster cadence, beyond the longest alarm's window. */
const ACTIVE_MARGIN_MS = 60_000;

export class Alarms {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastActivity = Date.now();
  /** The longest Period × EvaluationPeriods among the alarms: activity is judged that long after it happened. */
  private longestWindowMs = 60_000;
  constructor(
    private readonly clients: Clients,
    private readonly trace: Trace,
    private readonly options: { intervalMs: number; region: string; reads: (queries: AlarmReadQuery[]) => Promise<AlarmRead[]> },
  ) {
    this.schedule();
  }

  /**
   * Data arrived or a function ran. Until every alarm's window has passed over
   * it, alarms are evaluated every intervalMs (faster than AWS, so exercises
   * do not wait a minute per step); an idle lab is evaluated at AWS's once a minute.
   */
  sawActivity(): void {
    const wasIdle = !this.active();
    this.lastActivity = Date.now();
    if (wasIdle && this.timer && !this.running) { // while evaluating, its end schedules the next round
      clearTimeout(this.timer);
      this.schedule();
    }
  }

  private active(): boolean {
    return Date.now() - this.lastActivity < this.longestWindowMs + ACTIVE_MARGIN_MS;
  }

  private schedule(): void {
    const active = this.active();
    this.timer = setTimeout(() => {
      void this.evaluateAll().finally(() => {
        if (this.timer) this.schedule();
      });
    }, active ? this.options.intervalMs : Math.max(this.options.intervalMs, AWS_INTERVAL_MS));
  }

  async evaluateAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const page = await this.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'] }));
      this.longestWindowMs = Math.max(60_000, ...(page.MetricAlarms ?? []).map((a) => (a.Period ?? 60) * (a.EvaluationPeriods ?? 1) * 1000));
      // Metric math is not covered: an alarm without a single metric is skipped.
      const covered = (page.MetricAlarms ?? []).filter((a) => a.AlarmArn && a.AlarmName && a.MetricName && a.Namespace);
      if (covered.length === 0) return;
      const now = Date.now();
      const reads = await this.options.reads(covered.map((alarm) => this.queryOf(alarm, now)));
      for (const [i, alarm] of covered.entries()) {
        await this.evaluateOne(alarm, reads[i] ?? { error: 'no answer' }, now).catch((error: Error) =>
          this.trace.emit({ kind: 'error', source: alarm.AlarmArn, reason: `alarm ${alarm.AlarmName}: ${error.message}` }),
        );
      }
    } catch {
      // The emulator is down or restarting; the next round tries again.
    } finally {
      this.running = false;
    }
  }

  private async evaluateOne(alarm: MetricAlarm, read: AlarmRead, now: number): Promise<void> {
    const values = this.valuesOf(alarm, read, now);
    const { state, reason } = evaluate(alarm, values);
    if (state === 'UNCHANGED' || state === alarm.StateValue) return;
    const reasonData = JSON.stringify({ version: '1.0', queryDate: new Date().toISOString(), statistic: alarm.Statistic, period: alarm.Period, recentDatapoints: values.filter((v) => v !== undefined), threshold: alarm.Threshold });
    await this.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarm.AlarmName, StateValue: state, StateReason: reason, StateReasonData: reasonData }));
    this.trace.emit({ kind: 'alarm', source: alarm.AlarmArn, alarm: alarm.AlarmName, from: alarm.StateValue, to: state });
    const actions = state === 'ALARM' ? alarm.AlarmActions : state === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
    const notification = this.notification(alarm, state, reason);
    for (const topicArn of (actions ?? []).filter((arn) => arn.includes(':sns:'))) {
      // As cloudwatch.amazonaws.com: the topic's policy (and its key's) must allow this alarm.
      const publish = new PublishCommand({
        TopicArn: topicArn,
        Subject: `${state}: "${alarm.AlarmName}" in ${REGION_NAMES[this.options.region] ?? this.options.region}`.slice(0, 100),
        // Email subscribers get AWS's text, every other protocol the JSON.
        MessageStructure: 'json',
        Message: JSON.stringify({ default: JSON.stringify(notification), email: alarmEmailText(notification, this.options.region) }),
      });
      await this.clients.sns.send(asService(publish, 'cloudwatch.amazonaws.com', alarm.AlarmArn ?? '')).catch((error: Error) => {
        // CloudWatch records a failed action in the alarm's history and carries on.
        this.trace.emit({ kind: 'refused', source: alarm.AlarmArn, alarm: alarm.AlarmName, destination: topicArn, reason: `${error.name}: ${error.message}` });
      });
    }
  }

  /** What an alarm reads: its queue's attribute (AWS/SQS depths), else its metric's latest periods. */
  private queryOf(alarm: MetricAlarm, now: number): AlarmReadQuery {
    const { account, region } = parseArn(alarm.AlarmArn!);
    const queueName = alarm.Dimensions?.find((d) => d.Name === 'QueueName')?.Value;
    const attribute = QUEUE_METRICS[alarm.MetricName!];
    if (alarm.Namespace === 'AWS/SQS' && queueName && attribute) return { account, region, queueName, attribute };
    const period = alarm.Period ?? 60;
    return {
      account,
      region,
      namespace: alarm.Namespace!,
      metricName: alarm.MetricName!,
      dimensions: alarm.Dimensions ?? [],
      statistic: alarm.Statistic ?? 'Sum',
      period,
      startMs: now - period * (alarm.EvaluationPeriods ?? 1) * 1000,
      endMs: now,
    };
  }

  /** Values of the latest EvaluationPeriods periods, oldest first (undefined = no data). */
  private valuesOf(alarm: MetricAlarm, read: AlarmRead, now: number): (number | undefined)[] {
    if (read.error !== undefined) throw new Error(read.error);
    if (read.value !== undefined) return [Number(read.value)];
    const period = alarm.Period ?? 60;
    const periods = alarm.EvaluationPeriods ?? 1;
    const start = now - period * periods * 1000;
    const statistic = (alarm.Statistic ?? 'Sum') as Statistic;
    // One bucket per period, counted back from now. CloudWatch (and moto) round
    // StartTime down to the second and label each datapoint with its bucket's
    // start, which can be up to a second before `start`.
    const buckets: (number[] | undefined)[] = Array.from({ length: periods }, () => undefined);
    for (const point of read.datapoints ?? []) {
      const index = Math.min(periods - 1, Math.max(0, Math.floor((point.timestampMs - Math.floor(start / 1000) * 1000) / (period * 1000))));
      const bucket = buckets[index] ?? [];
      bucket.push(point.value);
      buckets[index] = bucket;
    }
    return buckets.map((values) => (values ? combine(values, statistic) : undefined));
  }

  private notification(alarm: MetricAlarm, state: StateValue, reason: string): AlarmNotification {
    return {
      AlarmName: alarm.AlarmName,
      AlarmDescription: alarm.AlarmDescription ?? null,
      AWSAccountId: alarm.AlarmArn ? parseArn(alarm.AlarmArn).account : undefined,
      AlarmConfigurationUpdatedTimestamp: alarm.AlarmConfigurationUpdatedTimestamp?.toISOString(),
      NewStateValue: state,
      NewStateReason: reason,
      StateChangeTime: new Date().toISOString(),
      Region: REGION_NAMES[this.options.region] ?? this.options.region,
      AlarmArn: alarm.AlarmArn,
      OldStateValue: alarm.StateValue,
      OKActions: alarm.OKActions ?? [],
      AlarmActions: alarm.AlarmActions ?? [],
      InsufficientDataActions: alarm.InsufficientDataActions ?? [],
      Trigger: {
        MetricName: alarm.MetricName,
        Namespace: alarm.Namespace,
        StatisticType: 'Statistic',
        Statistic: alarm.Statistic?.toUpperCase(),
        Unit: alarm.Unit ?? null,
        Dimensions: (alarm.Dimensions ?? []).map((d) => ({ value: d.Value, name: d.Name })),
        Period: alarm.Period,
        EvaluationPeriods: alarm.EvaluationPeriods,
        DatapointsToAlarm: alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods,
        ComparisonOperator: alarm.ComparisonOperator,
        Threshold: alarm.Threshold,
        TreatMissingData: alarm.TreatMissingData ?? 'missing',
        EvaluateLowSampleCountPercentile: '',
      },
    };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function combine(values: number[], statistic: Statistic): number {
  switch (statistic) {
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    default:
      return values.reduce((a, b) => a + b, 0);
  }
}
