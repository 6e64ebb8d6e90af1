// Set-up time: `make demo` in a fresh clone, cold and then warm.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';
import type { Bench } from './context.ts';
import { fmt } from './report.ts';

function timeCommand(cwd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync('make', args, { cwd, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed in ${cwd}`);
  return (performance.now() - t) / 1000;
}

export function measureSetup({ report, log }: Bench, port: number): void {
  log(`Set-up: make demo in a fresh clone (cold, then warm) on port ${port}`);
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-bench-'));
  execFileSync('git', ['clone', '-q', REPO_ROOT, dir]);
  try {
    report.add('make demo, fresh clone (cold)', `${fmt(timeCommand(dir, ['demo', `PORT=${port}`]), 0)} s`);
    report.add('make demo, second run (warm)', `${fmt(timeCommand(dir, ['demo', `PORT=${port}`]), 0)} s`);
  } finally {
    spawnSync('make', ['down'], { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
