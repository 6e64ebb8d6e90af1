// Lab 4's cost on lab 1's path: lab 1's notification latency with lab 4's two
// consumers of the messages stream (search-indexer, message-analytics)
// enabled, and with their mappings disabled, alternating per run so that
// drift shows in both. Lab 4's issue asks for at most 10 % on the p50.
import { medianOf, summarize } from '@streamlab/kit/stats';
import type { Bench } from './context.ts';
import { lab1Latencies } from './lab1.ts';
import { mappingsOf, updateMappings } from './mappings.ts';
import { fmt, spread } from './report.ts';

async function lab4StreamMappings(bench: Bench): Promise<string[]> {
  const { search_indexer, analytics } = bench.target.lab4.function_names;
  return (await mappingsOf(bench, [search_indexer, analytics])).map((m) => m.UUID!);
}

const setEnabled = (bench: Bench, uuids: string[], enabled: boolean) => updateMappings(bench, uuids, { Enabled: enabled });

export async function measureLab4Overhead(bench: Bench, n: number): Promise<void> {
  const { runs, report, log } = bench;
  const uuids = await lab4StreamMappings(bench);
  log(`Lab 4 on lab 1's path: ${runs} × ${n} sequential lab 1 messages with lab 4's ${uuids.length} stream consumers on, and off`);
  const on: ReturnType<typeof summarize>[] = [];
  const off: ReturnType<typeof summarize>[] = [];
  try {
    for (let r = 0; r < runs; r += 1) {
      for (const enabled of r % 2 === 0 ? [true, false] : [false, true]) {
        await setEnabled(bench, uuids, enabled);
        const s = summarize(await lab1Latencies(bench.target, bench.clients, n));
        (enabled ? on : off).push(s);
        log(`  run ${r + 1}, lab 4 ${enabled ? 'on ' : 'off'}: p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms (${s.n}/${n} arrived)`);
      }
    }
  } finally {
    await setEnabled(bench, uuids, true);
  }
  const p50On = medianOf(on.map((s) => s.p50));
  const p50Off = medianOf(off.map((s) => s.p50));
  report.add("Lab 1 latency p50 with lab 4's stream consumers", spread(p50On, 1, ' ms'));
  report.add("Lab 1 latency p50 with lab 4's stream consumers disabled", spread(p50Off, 1, ' ms'));
  report.add("Lab 4's cost on lab 1's p50 (goal: at most +10 %)", `${p50On.median >= p50Off.median ? '+' : ''}${fmt(((p50On.median - p50Off.median) / p50Off.median) * 100, 1)} %`);
  report.add("Lab 1 latency p95 with / without lab 4's consumers", `${fmt(medianOf(on.map((s) => s.p95)).median, 1)} / ${fmt(medianOf(off.map((s) => s.p95)).median, 1)} ms`);
}
