// What the durability tests share: make on the test instance, the emulator's
// process group, and the line `make up` prints about the state it restored.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';
import { target } from '../lab3-e2e/harness.ts';

export const port = new URL(target.endpoint!).port;

const makeArgs = (args: string[]) => ['--no-print-directory', ...args, `INSTANCE=${target.instance}`, `PORT=${port}`];

export function make(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync('make', makeArgs(args), { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** make in a process of its own, so that two can run at once; resolves with its output once it ends. */
export function makeAsync(...args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('make', makeArgs(args), { cwd: REPO_ROOT });
    let out = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', () => resolve(out));
  });
}

/** The pid up.sh recorded for the instance's emulator, runtime or console: the leader of its process group. */
export function recordedPid(name: 'emulator' | 'runtime' | 'console'): number {
  return Number(readFileSync(join(target.stateDir, `${name}.pid`), 'utf8'));
}

/** The emulator's recorded pid: the leader of its process group (granian), whose worker serves the port. */
export function emulatorPid(): number {
  return recordedPid('emulator');
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
