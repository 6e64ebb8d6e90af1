// Lab 3: switches the deployment between delivery modes (a terraform apply of
// delivery_mode) and measures webhook → stored submission. Shared by
// compare-delivery.ts and the benchmark.
import { clientsFor } from '@streamlab/kit/clients';
import { summarize } from '@streamlab/kit/stats';
import { waitForCompleted } from './submissions.ts';
import { applyLab3 } from './lab3-apply.ts';
import type { Target } from '@streamlab/kit/target';
import { buildRequest, sampleMessage, sendWebhook } from './webhooks.ts';

export type Mode = 'sns' | 'sqs';

/** Applies `mode` in one apply (its drain guard keeps it lossless); returns the reloaded target. */
export function switchMode(target: Target, mode: Mode, log: (line: string) => void): Target {
  if (target.lab3.delivery_mode === mode && (target.lab3.ingest_paths ?? [mode]).length === 1) return target;
  log(`applying delivery_mode=${mode} (make apply; about a minute)…`);
  const result = applyLab3(target, { delivery_mode: mode }, mode);
  log(`applied in ${result.seconds.toFixed(0)} s`);
  return result.target;
}

export interface ModeLatency {
  mode: Mode;
  sequential: ReturnType<typeof summarize>;
  burst: ReturnType<typeof summarize> & { seconds: number };
  /** Every message_id the measurement sent (warm-up included), so its replies can be cleared. */
  messageIds: string[];
}

/**
 * Webhook → completed submission, measured from the request's send time to the
 * submission's completed_at (one clock: the same machine, or AWS's and yours).
 * `sequential` sends one message at a time; `burst` sends `burst` at once.
 */
export async function measureMode(target: Target, options: { sequential: number; burst: number }): Promise<ModeLatency> {
  const clients = clientsFor(target);
  const table = target.lab3.submissions_table;
  const messageIds: string[] = [];
  const one = async (n: number) => {
    const response = await sendWebhook(target, buildRequest(n % 2 ? 'web' : 'whatsapp', sampleMessage(n, { media: n % 3 })));
    if (response.status !== 202 || !response.body.message_id) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
    messageIds.push(response.body.message_id);
    return { id: response.body.message_id, sentAt: response.sentAt };
  };
  const latencies = async (sent: { id: string; sentAt: number }[], timeoutMs = 300_000) => {
    const done = await waitForCompleted(clients, table, sent.map((s) => s.id), timeoutMs);
    if (done.size < sent.length) throw new Error(`${sent.length - done.size} submission(s) not completed within ${timeoutMs / 1000} s`);
    return sent.map((s) => Date.parse(done.get(s.id)!.completed_at!) - s.sentAt);
  };

  // Warm the functions. Right after a switch, a request can still meet the old
  // configuration (a 502 while the old ingest is gone) or a replaced instance:
  // the warm-up absorbs that, the measurement does not.
  let warm = 0;
  for (let attempt = 0; warm < 5 && attempt < 20; attempt += 1) {
    try {
      await latencies([await one(attempt)], 20_000);
      warm += 1;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (warm < 5) throw new Error('the webhook did not answer 202 five times in 20 attempts; see `make trace`');
  const sequential: number[] = [];
  for (let i = 0; i < options.sequential; i += 1) sequential.push(...(await latencies([await one(i)])));

  const started = Date.now();
  const sent = await Promise.all(Array.from({ length: options.burst }, (_, i) => one(i)));
  const burst = await latencies(sent);
  const seconds = (Math.max(...sent.map((s, i) => s.sentAt + burst[i]!)) - started) / 1000;
  return { mode: target.lab3.delivery_mode, sequential: summarize(sequential), burst: { ...summarize(burst), seconds }, messageIds };
}
