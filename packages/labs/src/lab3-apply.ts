// Lab 3's deployment choices (delivery_mode, ingest_paths) for one instance,
// kept in .streamlab/<instance>/lab3.tfvars.json (make apply reads it, so a
// later plain `make apply` keeps them), and the apply that changes them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTarget, REPO_ROOT, type Target, type TargetName } from '@streamlab/kit/target';

export type IngestPath = 'sns' | 'sqs';

export interface Lab3Vars {
  delivery_mode: IngestPath;
  /** Omitted: [delivery_mode]. */
  ingest_paths?: IngestPath[];
}

export interface Change {
  action: 'created' | 'changed' | 'destroyed';
  address: string;
}

export interface ApplyResult {
  target: Target;
  changes: Change[];
  /** What the drain guards printed (their destroy-time checks). */
  checks: string[];
  seconds: number;
}

export function varsFile(target: Pick<Target, 'stateDir'>): string {
  return join(target.stateDir, 'lab3.tfvars.json');
}

export function readVars(target: Pick<Target, 'stateDir'>): Lab3Vars | undefined {
  const file = varsFile(target);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Lab3Vars) : undefined;
}

const DONE: Record<string, Change['action']> = { Creation: 'created', Modifications: 'changed', Destruction: 'destroyed' };

/** The resources an apply created, changed and destroyed, from its output (addresses without "module.lab3."). */
export function parseApplyOutput(output: string): { changes: Change[]; checks: string[] } {
  const changes: Change[] = [];
  const checks: string[] = [];
  for (const line of output.split('\n')) {
    const done = /^(\S+): (Creation|Modifications|Destruction) complete/.exec(line);
    if (done) changes.push({ action: DONE[done[2]!]!, address: done[1]!.replace(/^module\.lab3\./, '') });
    const check = /^module\.lab3\.terraform_data\.\w+\[\d+\] \(local-exec\): (?!Executing:)(.+)$/.exec(line);
    if (check) checks.push(check[1]!);
  }
  return { changes: changes.sort(byDependencyOrder), checks };
}

// Terraform applies independent resources in parallel, so their completion
// order varies from run to run. Sorted: created, changed, destroyed, each by
// address, except the drain guard, which Terraform creates after its path and
// destroys before it: last among the created, first among the destroyed.
const ACTION_ORDER: Record<Change['action'], number> = { created: 0, changed: 1, destroyed: 2 };
function byDependencyOrder(a: Change, b: Change): number {
  const guardRank = (c: Change) => (c.address.startsWith('terraform_data.') ? (c.action === 'destroyed' ? -1 : 1) : 0);
  return ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || guardRank(a) - guardRank(b) || a.address.localeCompare(b.address);
}

/** The `make apply` arguments for the target's instance (and, locally, its emulator's port). */
export function makeApplyArgs(target: Target): string[] {
  return ['apply', `TARGET=${target.name}`, `INSTANCE=${target.instance}`, ...(target.endpoint ? [`PORT=${new URL(target.endpoint).port}`] : [])];
}

/** Writes `vars` and runs `make apply` (on the local target about 30–80 s, most of it the provider's SQS waits). */
export function applyLab3(target: Target, vars: Lab3Vars, label: string): ApplyResult {
  writeFileSync(varsFile(target), `${JSON.stringify(vars, null, 2)}\n`);
  const args = makeApplyArgs(target);
  const started = Date.now();
  const result = spawnSync('make', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout}\n${result.stderr}`;
  // make apply prints a summary; Terraform's full text is in apply.log.
  const fullLog = join(target.stateDir, 'apply.log');
  const full = existsSync(fullLog) ? readFileSync(fullLog, 'utf8') : '';
  const logFile = join(target.stateDir, `apply-${label}.log`);
  writeFileSync(logFile, `${output}\n== ${fullLog}\n${full}`);
  const { changes, checks } = parseApplyOutput(full);
  if (result.status !== 0) {
    const errors = output.split('\n').filter((l) => /^(│ )?Error: |^error: |local-exec\): error: /.test(l)).map((l) => l.replace(/^│ /, ''));
    throw new Error(`make ${args.join(' ')} failed${errors.length ? `: ${[...new Set(errors)].join('; ')}` : ''} (full output: ${logFile})`);
  }
  // The local runtime picks up changed functions within its discovery period (2 s).
  if (target.endpoint) spawnSync('sleep', ['3']);
  return { target: loadTarget(target.name as TargetName), changes, checks, seconds: (Date.now() - started) / 1000 };
}
