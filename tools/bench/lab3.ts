// Lab 3: webhook → stored submission on either delivery mode (SQS polling or
// SNS push), the seeds' burst of signed webhooks, and the migration between
// the two modes under live traffic.
import { medianOf } from '@streamlab/kit/stats';
import { loadTarget } from '@streamlab/kit/target';
import { measureMode, type Mode, type ModeLatency, switchMode } from '@streamlab/labs/delivery-compare';
import { describeReport, migrateUnderTraffic } from '@streamlab/labs/migration-traffic';
import { type BurstResult, restartRuntime, seedsBurst } from '@streamlab/labs/seeds-burst';
import type { Bench } from './context.ts';
import { fmt, spread } from './report.ts';

/** The seeds' burst of n webhooks at once, cold (runtime restarted) then warm, per run. */
export async function measureSeedsBurst({ target, runs, report, log }: Bench, n: number): Promise<void> {
  log(`The seeds' burst: ${n} signed webhooks at once → stored submissions (lab 3, delivery ${target.lab3.delivery_mode}), cold (runtime restarted) then warm, ${runs} × each`);
  const byKind: Record<'cold' | 'warm', BurstResult[]> = { cold: [], warm: [] };
  for (let r = 0; r < runs; r += 1) {
    await restartRuntime(target);
    for (const kind of ['cold', 'warm'] as const) {
      const b = await seedsBurst(target, n);
      byKind[kind].push(b);
      const peaks = Object.entries(b.peakConcurrency)
        .map(([fn, count]) => `${fn.replace(/^streamlab-[a-z]+-/, '')} ${count}`)
        .join(', ');
      log(`  ${kind} run ${r + 1}: all stored in ${fmt(b.seconds, 2)} s, p50 ${fmt(b.latency.p50)} ms, p95 ${fmt(b.latency.p95)} ms; peak concurrency ${peaks}; timed out ${b.timedOut}, crashed ${b.crashed}, lost ${b.lost}`);
    }
  }
  const processor = target.lab3.processor_function_name;
  for (const kind of ['cold', 'warm'] as const) {
    const runsOf = byKind[kind];
    report.add(`Seeds' burst of ${n} (${kind}): first request → last stored`, spread(medianOf(runsOf.map((b) => b.seconds)), 2, ' s'));
    report.add(`Seeds' burst of ${n} (${kind}): latency p50 / p95`, `${fmt(medianOf(runsOf.map((b) => b.latency.p50)).median)} ms / ${fmt(medianOf(runsOf.map((b) => b.latency.p95)).median)} ms`);
    report.add(`Seeds' burst of ${n} (${kind}): peak concurrency of ${processor}`, String(Math.max(...runsOf.map((b) => b.peakConcurrency[processor] ?? 0))));
    const total = (pick: (b: BurstResult) => number) => runsOf.reduce((sum, b) => sum + pick(b), 0);
    report.add(`Seeds' burst of ${n} (${kind}): timed out / crashed / lost`, `${total((b) => b.timedOut)} / ${total((b) => b.crashed)} / ${total((b) => b.lost)}`);
  }
}

/** n sequential webhooks and a burst of 2n on each delivery mode; switching modes is a terraform apply. */
export async function measureDeliveryModes({ target, runs, report, log }: Bench, n: number): Promise<void> {
  log(`Lab 3: webhook → stored submission, delivery_mode sqs then sns (${runs} × ${n} sequential + a burst of ${2 * n} each); switching modes is a terraform apply`);
  let current = target;
  const byMode = new Map<Mode, ModeLatency[]>();
  try {
    for (const mode of ['sqs', 'sns'] as Mode[]) {
      current = switchMode(current, mode, (line) => log(`  ${line}`));
      for (let r = 0; r < runs; r += 1) {
        const m = await measureMode(current, { sequential: n, burst: 2 * n });
        byMode.set(mode, [...(byMode.get(mode) ?? []), m]);
        log(`  ${mode} run ${r + 1}: sequential p50 ${m.sequential.p50} ms, p95 ${m.sequential.p95} ms; burst of ${2 * n}: p50 ${m.burst.p50} ms, p95 ${m.burst.p95} ms, all stored in ${fmt(m.burst.seconds, 2)} s`);
      }
    }
  } finally {
    switchMode(current, target.lab3.delivery_mode, (line) => log(`  ${line}`));
  }
  const med = (mode: Mode, pick: (m: ModeLatency) => number) => medianOf(byMode.get(mode)!.map(pick));
  for (const [label, pick] of [
    ['sequential p50', (m: ModeLatency) => m.sequential.p50],
    ['sequential p95', (m: ModeLatency) => m.sequential.p95],
    [`burst of ${2 * n} p50`, (m: ModeLatency) => m.burst.p50],
    [`burst of ${2 * n} p95`, (m: ModeLatency) => m.burst.p95],
  ] as const) {
    const sqs = med('sqs', pick);
    const sns = med('sns', pick);
    report.add(`Lab 3 ${label}: sqs`, spread(sqs, 0, ' ms'));
    report.add(`Lab 3 ${label}: sns`, spread(sns, 0, ' ms'));
    report.add(`Lab 3 ${label}: sqs / sns`, `${(sqs.median / sns.median).toFixed(2)}×`);
  }
}

/** Once each (each is 3–4 terraform applies): scripts/migrate.ts both ways, then one plain apply of the other delivery_mode both ways. */
export async function measureMigration({ target, report, log }: Bench, ratePerSecond: number): Promise<void> {
  log(`Lab 3 migration under live traffic: ${ratePerSecond} signed webhooks/s throughout`);
  const original = loadTarget(target.name).lab3.delivery_mode;
  const other: Mode = original === 'sns' ? 'sqs' : 'sns';
  for (const [to, oneApply] of [[other, false], [original, false], [other, true], [original, true]] as [Mode, boolean][]) {
    const r = await migrateUnderTraffic(target.name, to, { ratePerSecond, oneApply });
    for (const line of describeReport(r)) log(`  ${line}`);
    const how = oneApply ? 'one make apply' : 'migrate.ts';
    const refused = Object.values(r.refused).reduce((a, b) => a + b, 0);
    report.add(`Lab 3 ${r.from} → ${r.to} (${how}): sent / accepted / refused / lost / duplicated`, `${r.sent} / ${r.accepted} / ${refused} / ${r.lost.length} / ${r.duplicated.length}`);
    report.add(`Lab 3 ${r.from} → ${r.to} (${how}): steps, s (requests)`, r.steps.map((st) => `${st.name} ${fmt(st.seconds, 0)} (${st.requests})`).join(', '));
  }
}
