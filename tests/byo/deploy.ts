// Deploys an example of tests/byo/examples the way docs/your-own-function.md
// tells a learner to: zip its code with scripts/zip-function.ts, then
// `scripts/tflocal.ts init` and `apply`, its Terraform unchanged. Each example
// is copied to .streamlab/byo/<name> first, so the repository stays clean.
// make test's suite starts from a fresh instance and an empty .streamlab/byo.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';

export const PORT = process.env['STREAMLAB_PORT'] ?? '4566';
export const clientConfig = {
  endpoint: `http://127.0.0.1:${PORT}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

const EXAMPLES = join(REPO_ROOT, 'tests', 'byo', 'examples');
const WORK = join(REPO_ROOT, '.streamlab', 'byo');

/** Runs a command in `cwd`; resolves with its output, rejects with it on a non-zero exit. */
export function sh(command: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, env: { ...process.env, STREAMLAB_PORT: PORT, TF_IN_AUTOMATION: '1', ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command.join(' ')} exited ${code}:\n${output.slice(-3000)}`))));
  });
}

/** The command line of scripts/<script> with `args`: node --import tsx, not the tsx CLI (one Node process instead of two). */
export const tsx = (script: string, ...args: string[]) => [process.execPath, '--import', 'tsx', join(REPO_ROOT, 'scripts', script), ...args];

export interface Deployed {
  dir: string;
  outputs: Record<string, string>;
}

/** Zips, inits and applies one example; answers its Terraform outputs. */
export async function deploy(name: string): Promise<Deployed> {
  const dir = join(WORK, name);
  // A run again on the same instance keeps the Terraform state: apply is then a no-op.
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  cpSync(join(EXAMPLES, name), dir, { recursive: true, force: true });
  await sh(tsx('zip-function.ts', '--from', 'src', '--to', 'build/function.zip'), dir);
  if (existsSync(join(dir, 'layer'))) await sh(tsx('zip-function.ts', '--from', 'layer', '--to', 'build/layer.zip'), dir);
  await sh(tsx('tflocal.ts', 'init', '-input=false', '-no-color'), dir);
  await sh(tsx('tflocal.ts', 'apply', '-auto-approve', '-input=false', '-no-color'), dir);
  const outputs = JSON.parse(await sh(tsx('tflocal.ts', 'output', '-json'), dir)) as Record<string, { value: string }>;
  return { dir, outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])) };
}

/** Deploys every named example, `parallel` at a time. */
export async function deployAll(names: string[], parallel = 3): Promise<Map<string, Deployed>> {
  const done = new Map<string, Deployed>();
  const queue = [...names];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) done.set(name, await deploy(name));
    }),
  );
  return done;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
