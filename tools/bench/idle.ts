// What the lab costs when nothing happens: the soak probe (lab 1 latency and
// idle CPU, before and after the bursts: a cost that grows with the
// instance's age shows here), idle CPU, and memory after the bursts.
import { summarize } from '@streamlab/kit/stats';
import { type Bench, sleep } from './context.ts';
import { lab1Latencies } from './lab1.ts';
import { idleCpu, type Memory, memoryMiB } from './processes.ts';
import { fmt } from './report.ts';

export interface SoakProbe {
  p50: number;
  idle: number;
}

/** 10 s idle, then 50 sequential lab 1 messages. */
export async function soakProbe({ target, clients, log }: Bench, when: string): Promise<SoakProbe> {
  const idle = await idleCpu(target, 10);
  const p50 = summarize(await lab1Latencies(target, clients, 50)).p50;
  log(`  soak probe (${when}): lab 1 p50 ${fmt(p50, 1)} ms over 50 messages; idle CPU emulator ${fmt(idle.emulator, 2)} %, runtime ${fmt(idle.runtime, 2)} %`);
  return { p50, idle: idle.emulator + idle.runtime };
}

export function reportSoak({ report }: Bench, before: SoakProbe, after: SoakProbe): void {
  report.add('Soak: lab 1 p50 before / after the bursts', `${fmt(before.p50, 1)} ms / ${fmt(after.p50, 1)} ms = ${(after.p50 / before.p50).toFixed(2)}×`);
  report.add('Soak: idle CPU (emulator + runtime) before / after', `${fmt(before.idle, 2)} % / ${fmt(after.idle, 2)} %`);
}

export async function measureIdleCpu({ target, report, log }: Bench): Promise<void> {
  log('Idle CPU over 10 s');
  const idle = await idleCpu(target, 10);
  report.add('Idle CPU: runtime', `${fmt(idle.runtime, 2)} %`);
  report.add('Idle CPU: emulator', `${fmt(idle.emulator, 2)} %`);
}

// Lambda retires idle execution environments; so does the runtime, after
// STREAMLAB_INSTANCE_IDLE_MS (40 s by default, retired within 60 s), keeping one per function.
export async function measureMemory({ target, report, log }: Bench): Promise<void> {
  log('Memory of the emulator, the runtime and its function instances after the bursts, until under 1 GiB (at most 6 minutes)');
  const afterBursts = memoryMiB(target);
  const start = performance.now();
  let now = afterBursts;
  while (now.pss >= 1024 && performance.now() - start < 360_000) {
    await sleep(10_000);
    now = memoryMiB(target);
  }
  const waited = (performance.now() - start) / 1000;
  report.add('Memory after the bursts (emulator + runtime + function instances, PSS)', `${fmt(afterBursts.pss)} MiB (RSS summed over the processes: ${fmt(afterBursts.rss)} MiB)`);
  report.add('Memory (PSS) under 1 GiB', now.pss < 1024 ? `after ${fmt(waited)} s (${fmt(now.pss)} MiB)` : `not within ${fmt(waited)} s (${fmt(now.pss)} MiB)`);
  report.add('Memory (PSS) by part, after the bursts / at the last reading', `${byPart(afterBursts)} / ${byPart(now)}`);
}

const byPart = ({ parts }: Memory) =>
  `emulator ${fmt(parts.emulator)} MiB, runtime ${fmt(parts.runtime)} MiB, ${parts.instanceCount} function instances ${fmt(parts.instances)} MiB`;
