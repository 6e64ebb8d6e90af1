// Lab 3: the same messages under both delivery modes — SQS polling (before the
// migration) and SNS push (after) — with each mode's latency from webhook to
// stored submission. Switching modes is a terraform apply; the deployment ends
// in the mode it started in.
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { measureMode, switchMode, type Mode, type ModeLatency } from '@streamlab/labs/delivery-compare';
import { clientsFor } from '@streamlab/kit/clients';
import { readReplies } from '@streamlab/labs/replies';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'measure webhook → submission latency under delivery_mode sqs and sns (applies each mode in turn)',
    usage: [
      '  --sequential N       messages sent one at a time per mode, 1-1000 (default 50)',
      '  --burst N            messages sent at once per mode, 1-2000 (default 100)',
    ],
    examples: ['npx tsx scripts/compare-delivery.ts', 'npx tsx scripts/compare-delivery.ts --sequential 20 --burst 50', 'npx tsx scripts/compare-delivery.ts --target aws'],
    options: { sequential: { type: 'string' }, burst: { type: 'string' } },
  });
  const sequential = intOption('sequential', args.sequential, 50, 1, 1000);
  const burst = intOption('burst', args.burst, 100, 1, 2000);
  let target = loadTarget(args.target);
  const original = target.lab3.delivery_mode;
  const log = (line: string) => console.log(`  ${line}`);
  const results: ModeLatency[] = [];
  try {
    for (const mode of ['sqs', 'sns'] as Mode[]) {
      console.log(`delivery_mode=${mode}`);
      target = switchMode(target, mode, log);
      const r = await measureMode(target, { sequential, burst });
      log(`sequential p50 ${r.sequential.p50} ms, p95 ${r.sequential.p95} ms, max ${r.sequential.max} ms; burst of ${burst}: p50 ${r.burst.p50} ms, p95 ${r.burst.p95} ms, all stored in ${r.burst.seconds.toFixed(2)} s`);
      results.push(r);
    }
  } finally {
    if (target.lab3.delivery_mode !== original) switchMode(target, original, log);
  }
  // Its own replies would bury yours in `replies.ts`: remove them, leave the rest.
  const ours = new Set(results.flatMap((r) => r.messageIds));
  const removed = await readReplies(clientsFor(target), target.lab3.replies_queue_url, { quietMs: 2000, timeoutMs: 60_000, only: (r) => ours.has(r.message_id) });
  log(`removed its ${removed.length} replies from the replies queue (other replies stay)`);
  const [sqs, sns] = results as [ModeLatency, ModeLatency];
  const row = (label: string, a: number, b: number) => `| ${label.padEnd(30)} | ${String(a).padStart(8)} | ${String(b).padStart(8)} | ${(a / b).toFixed(2).padStart(5)}× |`;
  console.log(`\nWebhook → stored submission on ${target.name} (${sequential} sequential, then a burst of ${burst}), ms:`);
  console.log(`| ${'measure'.padEnd(30)} | ${'sqs'.padStart(8)} | ${'sns'.padStart(8)} | sqs/sns |`);
  console.log(`| ${'-'.repeat(30)} | ${'-'.repeat(8)} | ${'-'.repeat(8)} | ------- |`);
  console.log(row('sequential p50', sqs.sequential.p50, sns.sequential.p50));
  console.log(row('sequential p95', sqs.sequential.p95, sns.sequential.p95));
  console.log(row('sequential max', sqs.sequential.max, sns.sequential.max));
  console.log(row(`burst of ${burst} p50`, sqs.burst.p50, sns.burst.p50));
  console.log(row(`burst of ${burst} p95`, sqs.burst.p95, sns.burst.p95));
  console.log(row(`burst of ${burst}, all stored`, Math.round(sqs.burst.seconds * 1000), Math.round(sns.burst.seconds * 1000)));
});
