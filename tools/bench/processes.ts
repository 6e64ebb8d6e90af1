// CPU and memory of the emulator and the runtime, read from /proc over each
// process tree: the emulator's HTTP server runs moto in a worker process, and
// the runtime starts one process per function instance.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '@streamlab/kit/target';
import { sleep } from './context.ts';

/** `pid` and every process below it. */
function processTree(pid: number): number[] {
  const tree = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) tree.push(...processTree(Number(child)));
    }
  } catch {
    /* it exited meanwhile */
  }
  return tree;
}

/** A figure read from /proc/<pid>/<file>, summed over processes (those that exited meanwhile count 0). */
function sumOver(pids: number[], file: 'stat' | 'smaps_rollup', of: (text: string) => number): number {
  let sum = 0;
  for (const p of pids) {
    try {
      sum += of(readFileSync(`/proc/${p}/${file}`, 'utf8'));
    } catch {
      /* it exited meanwhile */
    }
  }
  return sum;
}

/** The same, over a process tree. */
const sumOverTree = (pid: number, file: 'stat' | 'smaps_rollup', of: (text: string) => number) => sumOver(processTree(pid), file, of);

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
const statFields = (stat: string) => stat.split(') ')[1]!.split(' ');

/**
 * CPU seconds of a process tree, in clock ticks of 1/100 s: each process's own
 * (utime + stime) and that of its children it has reaped (cutime + cstime).
 * Without the reaped share the sum drops whenever the runtime retires a
 * function instance, and an idle window that saw one retire read negative.
 */
const cpuSeconds = (pid: number) =>
  sumOverTree(pid, 'stat', (stat) => {
    const f = statFields(stat);
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  });

/** Resident memory of a process tree, in MiB (RSS in pages of 4 KiB): pages shared by several processes count once in each. */
const rssOf = (stat: string) => (Number(statFields(stat)[21]) * 4) / 1024;
const rssMiB = (pid: number) => sumOverTree(pid, 'stat', rssOf);

/**
 * Proportional memory of a process tree, in MiB: each page shared by n
 * processes counts 1/n in each (PSS). The function instances share Node's
 * code, and a snapshot's forked writer shares the emulator's pages until they
 * change, so a sum of RSS counts those pages many times over.
 */
const pssOf = (rollup: string) => Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024;
const pssMiB = (pid: number) => sumOverTree(pid, 'smaps_rollup', pssOf);

const pidOf = (target: Target, name: 'emulator' | 'runtime') => Number(readFileSync(join(target.stateDir, `${name}.pid`), 'utf8'));

/** The CPU share (% of one core) of the emulator and of the runtime over `seconds`. */
export async function idleCpu(target: Target, seconds: number): Promise<{ runtime: number; emulator: number }> {
  const cpu = (name: 'emulator' | 'runtime') => cpuSeconds(pidOf(target, name));
  const before = { runtime: cpu('runtime'), emulator: cpu('emulator') };
  await sleep(seconds * 1000);
  return { runtime: ((cpu('runtime') - before.runtime) / seconds) * 100, emulator: ((cpu('emulator') - before.emulator) / seconds) * 100 };
}

export interface Memory {
  pss: number;
  rss: number;
  /** Where the PSS is: the emulator's processes, the runtime's own, and its function instances (how many). */
  parts: { emulator: number; runtime: number; instances: number; instanceCount: number };
}

/** Memory of the emulator, the runtime and its function instances, in MiB: proportional (PSS), and RSS summed for comparison. */
export function memoryMiB(target: Target): Memory {
  const emulator = pidOf(target, 'emulator');
  const runtime = pidOf(target, 'runtime');
  const runtimeTree = processTree(runtime);
  const emulatorPss = pssMiB(emulator);
  const runtimeTreePss = sumOver(runtimeTree, 'smaps_rollup', pssOf);
  const runtimeOwn = sumOver([runtime], 'smaps_rollup', pssOf);
  return {
    pss: emulatorPss + runtimeTreePss,
    rss: rssMiB(emulator) + sumOver(runtimeTree, 'stat', rssOf),
    parts: { emulator: emulatorPss, runtime: runtimeOwn, instances: runtimeTreePss - runtimeOwn, instanceCount: runtimeTree.length - 1 },
  };
}
