// `make bench`: measures the local target and writes docs/benchmarks.md.
// It reports; it asserts nothing about speed. Needs `make apply` (local).
// One measurement per file in this folder; this one reads the options and
// runs them in order.
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { UsageError } from '@streamlab/kit/errors';
import { loadTarget } from '@streamlab/kit/target';
import { measureBundles } from './bundles.ts';
import type { Bench } from './context.ts';
import { measureIdleCpu, measureMemory, reportSoak, soakProbe } from './idle.ts';
import { measureLab1Burst, measureLab1BurstInParallel, measureLab1Latency } from './lab1.ts';
import { measureLab4Overhead } from './lab4.ts';
import { measureLab2Burst, measureStress } from './lab2.ts';
import { measureDeliveryModes, measureMigration, measureSeedsBurst } from './lab3.ts';
import { measurePersistenceCost, measureRestart } from './persistence.ts';
import { measureRawCalls } from './raw-calls.ts';
import { measureRuntimes } from './runtimes.ts';
import { Report } from './report.ts';
import { measureSetup } from './setup.ts';

// Ports of the instances the bench starts beside the lab's (local/ports.sh lays out each one's).
const MINISTACK_PORT = 4800;
const STRESS_PORT = 4900;
const SETUP_PORT = 4630;
const PERSIST_ON_PORT = 4840;
const PERSIST_OFF_PORT = 4860;

run(async () => {
  const args = parseCli({
    summary: 'measure the local target (latency, bursts, bundles, idle CPU) and write docs/benchmarks.md',
    usage: [
      '  --runs N             repeat each measurement N times and report the median (default: 3)',
      '  --latency N          messages in the lab 1 latency run (default: 200)',
      '  --burst N            messages/orders in the burst runs (default: 1000)',
      '  --lab3 N             lab 3: N sequential webhooks and a burst of 2N per delivery mode per run (default: 50; 0 skips lab 3)',
      '  --lab4 N             lab 1 latency over N messages with lab 4\'s stream consumers on and off, per run (default: 100; 0 skips it)',
      '  --migration N        lab 3: webhooks per second during the migration runs (default: 5; 0 skips them)',
      "  --seeds N            lab 3: the seeds' burst of N webhooks at once, cold (runtime restarted) and warm (default: 50; 0 skips it)",
      '  --raw N              N sequential PutItem, SendMessage and Publish calls per run, also with persistence on and off (default: 500; 0 skips them)',
      '  --peer ministack     run the raw loops against MiniStack too, interleaved, and report the ratios (installs it pinned into .streamlab/peers)',
      '  --stress N           lab 2 under stress: N bursts of 1,000 orders in each of five configurations, losses counted (default: 4; 0 skips it)',
      '  --setup              also time `make demo` in a fresh clone, cold and warm (adds ~4 minutes)',
    ],
    examples: ['make bench', 'make bench BENCH_ARGS="--peer ministack"', 'npx tsx tools/bench/main.ts --runs 1 --latency 50 --burst 200'],
    options: {
      runs: { type: 'string' },
      latency: { type: 'string' },
      burst: { type: 'string' },
      lab3: { type: 'string' },
      lab4: { type: 'string' },
      migration: { type: 'string' },
      seeds: { type: 'string' },
      raw: { type: 'string' },
      peer: { type: 'string' },
      stress: { type: 'string' },
      setup: { type: 'boolean', default: false },
    },
  });
  if (args.target !== 'local') throw new UsageError('the benchmark measures the local target');
  const runs = intOption('runs', args.runs, 3, 1, 20);
  const nLatency = intOption('latency', args.latency, 200, 1, 10_000);
  const nBurst = intOption('burst', args.burst, 1000, 1, 100_000);
  const nLab3 = intOption('lab3', args.lab3, 50, 0, 1000);
  const nLab4 = intOption('lab4', args.lab4, 100, 0, 10_000);
  const migrationRate = intOption('migration', args.migration, 5, 0, 50);
  const nSeeds = intOption('seeds', args.seeds, 50, 0, 1000);
  const nRaw = intOption('raw', args.raw, 500, 0, 100_000);
  const nStress = intOption('stress', args.stress, 4, 0, 100);
  if (args.peer !== undefined && args.peer !== 'ministack') throw new UsageError(`--peer must be "ministack", got "${args.peer}"`);

  const target = loadTarget('local');
  const bench: Bench = { target, clients: clientsFor(target), runs, report: new Report(), log: (line) => console.log(line) };

  bench.log('Soak probe before the bursts: 10 s idle, then 50 sequential lab 1 messages');
  const soakBefore = await soakProbe(bench, 'before');
  if (nRaw > 0) await measureRawCalls(bench, nRaw, args.peer ? MINISTACK_PORT : undefined);
  if (nRaw > 0) await measurePersistenceCost(bench, nRaw, PERSIST_ON_PORT, PERSIST_OFF_PORT);
  if (nSeeds > 0) await measureSeedsBurst(bench, nSeeds);
  await measureLab1Latency(bench, nLatency);
  if (nLab4 > 0) await measureLab4Overhead(bench, nLab4);
  await measureLab1Burst(bench, nBurst);
  await measureLab1BurstInParallel(bench, nBurst, 4);
  await measureLab2Burst(bench, nBurst);
  if (nStress > 0) await measureStress(bench, nStress, STRESS_PORT);
  if (nLab3 > 0) await measureDeliveryModes(bench, nLab3);
  if (migrationRate > 0) await measureMigration(bench, migrationRate);
  bench.log('Soak probe after the bursts (same probe)');
  reportSoak(bench, soakBefore, await soakProbe(bench, 'after'));
  await measureBundles(bench);
  await measureRuntimes(bench);
  await measureIdleCpu(bench);
  await measureMemory(bench);
  measureRestart(bench);
  if (args.setup) measureSetup(bench, SETUP_PORT);

  bench.log(`\n${bench.report.table()}`);
  bench.report.write(runs, process.argv.slice(2));
  bench.log('\nWrote docs/benchmarks.md');
});
