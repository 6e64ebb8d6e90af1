// Lambda's own metrics (namespace AWS/Lambda, dimension FunctionName), published
// to the emulator's CloudWatch so that alarms and dashboards have data:
// Invocations, Errors, Duration, Throttles, ConcurrentExecutions and, for
// streams, IteratorAge.
import { type CloudWatchClient, PutMetricDataCommand, type MetricDatum, type StandardUnit } from '@aws-sdk/client-cloudwatch';

export class Metrics {
  private buffer: MetricDatum[] = [];
  /** Set while datapoints wait: an idle runtime has no timer here. */
  private timer: NodeJS.Timeout | undefined;
  /** Called with every datapoint recorded (main.ts: alarms keep their fast cadence while functions run). */
  onRecord: (() => void) | undefined;

  constructor(private readonly cloudwatch: CloudWatchClient) {}

  private put(functionName: string, name: string, value: number, unit: StandardUnit): void {
    this.onRecord?.();
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 1000);
      this.timer.unref();
    }
    this.buffer.push({ MetricName: name, Dimensions: [{ Name: 'FunctionName', Value: functionName }], Value: value, Unit: unit, Timestamp: new Date() });
  }

  count(functionName: string, name: 'Throttles' | 'Errors' | 'Invocations' | 'DestinationDeliveryFailures' | 'DeadLetterErrors'): void {
    this.put(functionName, name, 1, 'Count');
  }

  invocation(functionName: string, ok: boolean, durationMs: number): void {
    this.put(functionName, 'Invocations', 1, 'Count');
    this.put(functionName, 'Errors', ok ? 0 : 1, 'Count');
    this.put(functionName, 'Duration', durationMs, 'Milliseconds');
  }

  /** Instances processing events, recorded as one starts an event (read it with the Maximum statistic, as on AWS). */
  concurrency(functionName: string, busy: number): void {
    this.put(functionName, 'ConcurrentExecutions', busy, 'Count');
  }

  iteratorAge(functionName: string, ageMs: number): void {
    this.put(functionName, 'IteratorAge', ageMs, 'Milliseconds');
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const data = this.buffer;
    this.buffer = [];
    for (let i = 0; i < data.length; i += 500) {
      try {
        await this.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 500) }));
      } catch {
        // Metrics are best effort; the trace has every invocation.
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
