// MiniStack (PyPI `ministack`), the fastest free local AWS emulator without
// Docker, run beside streamlab by `make bench --peer ministack`: installed
// pinned into a venv of its own under .streamlab/peers, started on its own port
// and stopped at the end. It is a target for speed only: it loses messages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';

export const MINISTACK_VERSION = '1.5.33';
const DIR = join(REPO_ROOT, '.streamlab', 'peers', `ministack-${MINISTACK_VERSION}`);

function install(log: (line: string) => void): void {
  const python = join(DIR, 'venv', 'bin', 'python');
  if (existsSync(join(DIR, 'venv', 'bin', 'ministack'))) return;
  log(`installing ministack==${MINISTACK_VERSION} into ${DIR}/venv (once)…`);
  mkdirSync(DIR, { recursive: true });
  for (const args of [
    ['python3', ['-m', 'venv', join(DIR, 'venv')]],
    [python, ['-m', 'pip', 'install', '-q', `ministack==${MINISTACK_VERSION}`]],
  ] as const) {
    const r = spawnSync(args[0], args[1], { encoding: 'utf8' });
    if (r.status !== 0) log(r.stderr.split('\n').filter((l) => l && !l.startsWith('WARNING: Location')).slice(-5).join('\n'));
    if (r.status !== 0) throw new Error(`${args[0]} ${args[1].join(' ')} failed (exit ${r.status})`);
  }
}

export interface Peer {
  endpoint: string;
  pid: number;
  stop(): void;
}

/** Installs (once) and starts MiniStack on 127.0.0.1:`port`; resolves when it answers. */
export async function startMinistack(port: number, log: (line: string) => void): Promise<Peer> {
  install(log);
  const out = openSync(join(DIR, 'ministack.log'), 'a');
  const child: ChildProcess = spawn(join(DIR, 'venv', 'bin', 'ministack'), [], {
    env: { ...process.env, GATEWAY_PORT: String(port), BIND_HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`ministack exited (${child.exitCode}); see ${DIR}/ministack.log`);
    try {
      await fetch(endpoint);
      return { endpoint, pid: child.pid!, stop: () => child.kill('SIGTERM') };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`ministack did not answer on ${endpoint} within 30 s; see ${DIR}/ministack.log`);
}
