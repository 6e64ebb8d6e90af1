// What the durability tests share: make on the test instance, the emulator's
// process group, and the line `make up` prints about the state it restored.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';
import { target } from '../lab3-e2e/harness.ts';

export const port = new URL(target.endpoint!).port;

export function make(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync('make', ['--no-print-directory', ...args, `INSTANCE=${target.instance}`, `PORT=${port}`], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** The emulator's recorded pid: the leader of its process group (granian), whose worker serves the port. */
export function emulatorPid(): number {
  return Number(readFileSync(join(target.stateDir, 'emulator.pid'), 'utf8'));
}

/** Every live process of a process group, by pid (a killed one nobody has reaped yet is a zombie: not counted). */
export function groupMembers(pgid: number): number[] {
  const ps = spawnSync('ps', ['-o', 'pid=,stat=', '-g', String(pgid)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, stat]) => Number(pid) > 0 && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

export function restoredLine(out: string): string {
  return /state: .*/.exec(out)?.[0] ?? '(no state line)';
}
