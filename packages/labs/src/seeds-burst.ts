// The seeds' performance checklist for lab 3: "send a burst of 50 messages;
// verify all are processed within 1–2 seconds; check concurrent executions
// ≤ 10; verify latency < 500 ms for most messages". Measured by `make bench`.
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientsFor } from '@streamlab/kit/clients';
import { summarize } from '@streamlab/kit/stats';
import { completeLines } from '@streamlab/kit/trace-lines';
import { waitForCompleted } from './submissions.ts';
import { REPO_ROOT, type Target } from '@streamlab/kit/target';
import { buildRequest, sampleMessage, sendWebhook } from './webhooks.ts';

export interface BurstResult {
  /** First request sent → last submission completed. */
  seconds: number;
  latency: ReturnType<typeof summarize>;
  /** AWS/Lambda ConcurrentExecutions, Maximum over the burst, by function (what the seeds ask a learner to check). */
  peakConcurrency: Record<string, number>;
  timedOut: number;
  crashed: number;
  lost: number;
}

interface TraceInvoke {
  time: string;
  kind: string;
  function?: string;
  durationMs?: number;
  error?: string;
}

/** The invoke events of the trace written since byte `offset`. */
function invokesSince(stateDir: string, offset: number): TraceInvoke[] {
  const text = readFileSync(join(stateDir, 'trace.jsonl')).subarray(offset).toString('utf8');
  return completeLines(text)
    .filter((line) => line.includes('"kind":"invoke"'))
    .map((line) => JSON.parse(line) as TraceInvoke);
}

export function traceSize(target: Target): number {
  try {
    return readFileSync(join(target.stateDir, 'trace.jsonl')).length;
  } catch {
    return 0;
  }
}

/** Sends `count` signed webhooks at once and waits for every submission. */
export async function seedsBurst(target: Target, count: number): Promise<BurstResult> {
  const clients = clientsFor(target);
  const offset = traceSize(target);
  const started = Date.now();
  const sent = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await sendWebhook(target, buildRequest(i % 2 ? 'web' : 'whatsapp', sampleMessage(i)));
      return { id: response.body.message_id, status: response.status, sentAt: response.sentAt };
    }),
  );
  const accepted = sent.filter((s): s is { id: string; status: number; sentAt: number } => s.status === 202 && typeof s.id === 'string');
  const done = await waitForCompleted(clients, target.lab3.submissions_table, accepted.map((s) => s.id), 120_000);
  const latencies = accepted.filter((s) => done.has(s.id)).map((s) => Date.parse(done.get(s.id)!.completed_at!) - s.sentAt);
  const last = Math.max(...[...done.values()].map((s) => Date.parse(s.completed_at ?? '')).filter(Number.isFinite));
  await new Promise((r) => setTimeout(r, 1500)); // the runtime flushes its metrics every second
  const invokes = invokesSince(target.stateDir, offset);
  const peakConcurrency: Record<string, number> = {};
  for (const fn of [target.lab3.webhook_function_name, target.lab3.processor_function_name]) {
    const { Datapoints = [] } = await clients.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions', Dimensions: [{ Name: 'FunctionName', Value: fn }],
        StartTime: new Date(started - 1000), EndTime: new Date(), Period: 3600, Statistics: ['Maximum'],
      }),
    );
    peakConcurrency[fn] = Math.max(0, ...Datapoints.map((d) => d.Maximum ?? 0));
  }
  return {
    seconds: (last - started) / 1000,
    latency: summarize(latencies),
    peakConcurrency,
    timedOut: invokes.filter((i) => i.error?.startsWith('Sandbox.Timedout')).length,
    crashed: invokes.filter((i) => i.error?.startsWith('Runtime.ExitError')).length,
    lost: count - done.size,
  };
}

/**
 * Restarts the local runtime (the emulator keeps its state) and waits until it
 * has discovered lab 3's functions and their first environments have started,
 * as after `make apply`: the next burst meets cold hosts.
 */
export async function restartRuntime(target: Target): Promise<void> {
  const pidFile = join(target.stateDir, 'runtime.pid');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100; i += 1) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break; // gone
    }
  }
  const offset = traceSize(target);
  const r = spawnSync('bash', ['local/up.sh', target.instance, new URL(target.endpoint!).port], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`local/up.sh failed: ${r.stderr}`);
  const wanted = [target.lab3.webhook_function_name, target.lab3.processor_function_name];
  for (let i = 0; i < 300; i += 1) {
    const text = readFileSync(join(target.stateDir, 'trace.jsonl')).subarray(offset).toString('utf8');
    if (wanted.every((fn) => text.includes(`"kind":"discovered","function":"${fn}"`))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000)); // a learner's next command comes seconds later
}
