// Lab 3's migration under live traffic: signed webhooks at a steady rate while
// scripts/migrate.ts runs, then proof that every 202 became exactly one
// completed submission and one reply. Used by tests/migration and make bench.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { clientsFor } from '@streamlab/kit/clients';
import { makeApplyArgs, varsFile, type IngestPath } from './lab3-apply.ts';
import { readReplies } from './replies.ts';
import { waitForCompleted } from './submissions.ts';
import { loadTarget, REPO_ROOT, type Target, type TargetName } from '@streamlab/kit/target';
import { buildRequest, sampleMessage, sendWebhook } from './webhooks.ts';

interface Sent {
  sentAt: number;
  status: number; // 0: no HTTP answer at all
  messageId?: string;
  error?: string;
}

export interface StepTiming {
  name: string;
  seconds: number;
  /** Requests sent while the step ran, and how many of them got a 202. */
  requests: number;
  accepted: number;
}

export interface MigrationReport {
  from: IngestPath;
  to: IngestPath;
  /** One make apply of the new delivery_mode instead of migrate.ts's four steps. */
  oneApply: boolean;
  ratePerSecond: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** 4xx, 5xx and requests without an answer, by status (0 = no answer). */
  refused: Record<string, number>;
  /** Accepted but no completed submission within the wait. */
  lost: string[];
  /** Accepted messages with more than one reply. */
  duplicated: string[];
  /** Accepted messages with no reply. */
  withoutReply: string[];
  steps: StepTiming[];
  migrateOutput: string;
}

/** Sends one signed webhook every 1000/rate ms until stopped; never waits for answers to keep the rate. */
function startTraffic(target: Target, ratePerSecond: number): { stop: () => Promise<Sent[]> } {
  const inflight: Promise<Sent>[] = [];
  let n = 0;
  const timer = setInterval(() => {
    const i = n++;
    const sentAt = Date.now();
    inflight.push(
      sendWebhook(target, buildRequest(i % 2 ? 'web' : 'whatsapp', sampleMessage(i, { text: `migration traffic ${i}` })))
        .then((r) => ({ sentAt, status: r.status, messageId: r.status === 202 ? r.body.message_id : undefined, error: r.body.error }))
        .catch((error: Error) => ({ sentAt, status: 0, error: error.message })),
    );
  }, 1000 / ratePerSecond);
  return {
    stop: async () => {
      clearInterval(timer);
      return Promise.all(inflight);
    },
  };
}

/**
 * Runs scripts/migrate.ts --to `to` (or, `oneApply`, a single make apply of the
 * new delivery_mode); resolves with its output and when each step began.
 */
function runMigrate(target: Target, to: IngestPath, oneApply: boolean): Promise<{ code: number; output: string; marks: { name: string; at: number }[] }> {
  return new Promise((resolve) => {
    const marks: { name: string; at: number }[] = [];
    let child: ChildProcessWithoutNullStreams;
    if (oneApply) {
      writeFileSync(varsFile(target), `${JSON.stringify({ delivery_mode: to })}\n`);
      child = spawn('make', makeApplyArgs(target), { cwd: REPO_ROOT, env: process.env });
      marks.push({ name: 'one apply', at: Date.now() });
    } else {
      child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', '--to', to, '--target', target.name], {
        cwd: REPO_ROOT,
        env: { ...process.env, STREAMLAB_INSTANCE: target.instance },
      });
    }
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const m of text.matchAll(/^\d+\/\d+ (expand|switch|drain|contract):/gm)) marks.push({ name: m[1]!, at: Date.now() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => resolve({ code: code ?? 1, output, marks }));
  });
}

export async function migrateUnderTraffic(
  targetName: TargetName,
  to: IngestPath,
  options: { ratePerSecond: number; oneApply?: boolean; settleMs?: number; completeTimeoutMs?: number },
): Promise<MigrationReport> {
  let target = loadTarget(targetName);
  const clients = clientsFor(target);
  const from = target.lab3.delivery_mode;
  await readReplies(clients, target.lab3.replies_queue_url, { quietMs: 0, timeoutMs: 5000 }); // earlier replies are not ours
  const started = Date.now();
  const traffic = startTraffic(target, options.ratePerSecond);
  await new Promise((r) => setTimeout(r, 2000)); // traffic flows before the first step
  const migrate = await runMigrate(target, to, options.oneApply ?? false);
  const finished = Date.now();
  await new Promise((r) => setTimeout(r, options.settleMs ?? 3000)); // and after the last
  const sent = await traffic.stop();
  if (migrate.code !== 0) throw new Error(`${options.oneApply ? 'make apply' : 'scripts/migrate.ts'} --to ${to} failed:\n${migrate.output}`);
  target = loadTarget(targetName);

  const accepted = sent.filter((s) => s.status === 202 && s.messageId).map((s) => s.messageId!);
  const refused: Record<string, number> = {};
  for (const s of sent.filter((x) => x.status !== 202)) refused[String(s.status)] = (refused[String(s.status)] ?? 0) + 1;
  const done = await waitForCompleted(clients, target.lab3.submissions_table, accepted, options.completeTimeoutMs ?? 180_000);
  const ours = new Set(accepted);
  const replies = await readReplies(clients, target.lab3.replies_queue_url, { quietMs: 3000, timeoutMs: 60_000, atLeast: done.size });
  const replyCount = new Map<string, number>();
  for (const r of replies) if (ours.has(r.message_id)) replyCount.set(r.message_id, (replyCount.get(r.message_id) ?? 0) + 1);

  const ends = [...migrate.marks.slice(1).map((m) => m.at), finished];
  const steps = migrate.marks.map((m, i) => {
    const during = sent.filter((s) => s.sentAt >= m.at && s.sentAt < ends[i]!);
    return { name: m.name, seconds: (ends[i]! - m.at) / 1000, requests: during.length, accepted: during.filter((s) => s.status === 202).length };
  });
  return {
    from,
    to,
    oneApply: options.oneApply ?? false,
    ratePerSecond: options.ratePerSecond,
    seconds: (Date.now() - started) / 1000,
    sent: sent.length,
    accepted: accepted.length,
    refused,
    lost: accepted.filter((id) => !done.has(id)),
    duplicated: accepted.filter((id) => (replyCount.get(id) ?? 0) > 1),
    withoutReply: accepted.filter((id) => done.has(id) && !replyCount.has(id)),
    steps,
    migrateOutput: migrate.output,
  };
}

/** One line per figure, as the test and the bench print them. */
export function describeReport(r: MigrationReport): string[] {
  const refused = Object.entries(r.refused).map(([status, n]) => `${n}× ${status === '0' ? 'no answer' : status}`).join(', ') || 'none';
  return [
    `${r.from} → ${r.to}${r.oneApply ? ' (one apply)' : ''} at ${r.ratePerSecond} webhooks/s: ${r.sent} sent, ${r.accepted} accepted (202), refused: ${refused}; lost ${r.lost.length}, duplicated ${r.duplicated.length}, without reply ${r.withoutReply.length}`,
    ...r.steps.map((s) => `  ${s.name.padEnd(8)} ${s.seconds.toFixed(1).padStart(6)} s  ${String(s.requests).padStart(4)} requests, ${s.accepted} accepted`),
  ];
}
