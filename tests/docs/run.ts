// `make docs-test`: runs the command blocks of README.md and docs/lab-*.md on
// the local track, in order, on a fresh emulator instance of its own ("docs"),
// and compares what each prints with the output the doc shows, by shape
// (tests/docs/shape.ts). Markers in the Markdown say which blocks are AWS-only,
// slow or waiting (tests/docs/markdown.ts). `--fast` leaves out the slow ones:
// that part runs inside `make test`.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { intEnv } from '@streamlab/kit/env';
import { portsOf } from '../../local/runtime/protocol.ts';
import { localCommands, parseSteps, type Step } from './markdown.ts';
import { matchShape, substitute } from './shape.ts';
import { sleep } from '@streamlab/kit/wait';

// The README (make demo) runs on a fresh instance of its own; the labs build on
// each other (lab 2 and 3 use lab 1's deployment), so they share one, in order.
// DOCS_PORT moves both (each instance uses its port and the next two).
const BASE_PORT = intEnv('DOCS_PORT', 4630);
const GROUPS = [
  { pages: ['README.md'], instance: 'docs-readme', port: BASE_PORT + 10 },
  { pages: ['docs/lab-1-stream-notifications.md', 'docs/lab-2-orders.md', 'docs/lab-3-webhook-idempotency.md', 'docs/lab-3-migration.md', 'docs/lab-4-build-on-it.md'], instance: 'docs', port: BASE_PORT },
  // A learner's own function on a cloud without the labs.
  { pages: ['docs/your-own-function.md'], instance: 'docs-byo', port: BASE_PORT + 5 },
];
const { values } = parseArgs({
  options: {
    fast: { type: 'boolean', default: false },
    page: { type: 'string', multiple: true },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
/** The instance a group of pages runs on, and the lines it prints (each group's are printed when it ends: the groups run side by side). */
interface Run {
  instance: string;
  port: string;
  out: string[];
}
const FOLLOW_SECONDS = 5;
const BLOCK_TIMEOUT_MS = 30 * 60_000;

// The docs show the default instance ("local", port 4566); this run has its own.
const DEFAULT = portsOf(4566);
const toInstance = (text: string, r: Run) =>
  text
    .replaceAll('.streamlab/local/', `.streamlab/${r.instance}/`)
    .replaceAll('.streamlab/local)', `.streamlab/${r.instance})`)
    .replaceAll('instance local', `instance ${r.instance}`)
    // A learner's own code (docs/your-own-function.md): the run's copy, never the reader's workspace/.
    .replaceAll('workspace/', `.streamlab/${r.instance}/workspace/`)
    .replaceAll(`127.0.0.1:${DEFAULT.emulator}`, `127.0.0.1:${r.port}`)
    .replaceAll(`127.0.0.1:${DEFAULT.console}`, `127.0.0.1:${portsOf(Number(r.port)).console}`);

// tests/docs/bin/npx runs the project's own tsx as npx would, without npm's start-up.
const NPX_DIR = fileURLToPath(new URL('./bin', import.meta.url));
const baseEnv: NodeJS.ProcessEnv = { ...process.env, PATH: `${NPX_DIR}:${process.env['PATH'] ?? ''}`, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
for (const name of ['MAKEFLAGS', 'MAKELEVEL', 'MFLAGS', 'MAKEOVERRIDES', 'TARGET', 'TF_EXTRA', 'STREAMLAB_TIME_SCALE', 'STREAMLAB_ALARM_INTERVAL_MS']) delete baseEnv[name];

function sh(script: string, r: Run): Promise<{ code: number; output: string }> {
  const env = { ...baseEnv, INSTANCE: r.instance, PORT: r.port, STREAMLAB_INSTANCE: r.instance };
  return new Promise((resolve) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), BLOCK_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

// A command that follows (make trace, --follow) runs for a few seconds, as a reader would watch it.
function scriptOf(lines: string[]): string {
  return lines
    .map((l) => (/^make trace\b|--follow\b/.test(l.trim()) ? `timeout -k 2 ${FOLLOW_SECONDS} ${l.replace(/\s+#.*$/, "")} || [ $? -eq 124 ]` : l))
    .join('\n');
}

// A reader types the blocks into one shell, so a variable set in one block
// (url=…, secret=…) is there in the next: each block starts from the
// variables the blocks before it assigned, and saves them on exit.
const assigned = new Map<string, Set<string>>();
function withVariables(script: string, r: Run): string {
  const names = assigned.get(r.instance) ?? new Set<string>();
  assigned.set(r.instance, names);
  for (const m of script.matchAll(/(?:^|[;&|]\s*|\bexport\s+)([A-Za-z_]\w*)=/gm)) names.add(m[1]!);
  const file = `.streamlab/${r.instance}/docs-test.env`;
  const save = names.size ? `trap 'declare -p ${[...names].join(' ')} >${file} 2>/dev/null' EXIT\n` : '';
  return `[ -f ${file} ] && source ${file}\n${save}${script}`;
}

const where = (s: Step) => `${s.file}:${s.line}`;
const firstLine = (s: string) => (s.split('\n')[0] ?? '').slice(0, 90);

interface Tally { run: number; compared: number; failed: string[]; skipped: Record<string, number> }

async function runStep(step: Step, bindings: Map<string, string>, tally: Tally, r: Run): Promise<void> {
  const skip = (kind: string, why: string) => {
    tally.skipped[kind] = (tally.skipped[kind] ?? 0) + 1;
    r.out.push(`- ${where(step)}  ${firstLine(step.command)}  (not run: ${why})`);
  };
  if (step.marks.aws) return skip('aws', 'AWS track');
  if (step.marks.skip) return skip('marked skip', step.marks.skip);
  if (step.marks.slow && values.fast) return skip('slow', 'slow, run by make docs-test');
  const { run } = localCommands(step.command);
  if (run.length === 0) return skip('aws', 'AWS track');
  const script = withVariables(substitute(toInstance(scriptOf(run), r), bindings), r);
  const wantExit = step.marks.exit ?? 0;
  const deadline = Date.now() + (step.marks.untilSeconds ?? 0) * 1000;
  const started = Date.now();
  let problem: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const { code, output } = await sh(script, r);
    problem = undefined;
    if (code !== wantExit) problem = `exit code ${code}, expected ${wantExit}\n${indent(output.trim().split('\n').slice(-15).join('\n'))}`;
    else if (step.expected) {
      const shape = matchShape(toInstance(step.expected.text, r), output, { countsVary: step.expected.countsVary });
      if (shape.ok) {
        for (const [k, v] of shape.bindings) if (!bindings.has(k)) bindings.set(k, v);
      } else problem = `output differs from ${step.file}:${step.expected.line}\n  doc: ${shape.expected}\n  run: ${shape.actual}\n  full output:\n${indent(output.trim())}`;
    }
    if (!problem || Date.now() > deadline) break;
    await sleep(Math.min(5000, 1000 * attempt));
  }
  tally.run++;
  if (step.expected) tally.compared++;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problem) {
    tally.failed.push(where(step));
    r.out.push(`✗ ${where(step)}  ${firstLine(run[0]!)}  (${seconds} s)\n${indent(problem)}`);
  } else {
    r.out.push(`✓ ${where(step)}  ${firstLine(run[0]!)}${step.expected ? '' : '  (no output shown)'}  (${seconds} s)`);
  }
}

const indent = (s: string) => s.replace(/^/gm, '    ');

async function main(): Promise<number> {
  const wanted = (p: string) => !values.page?.length || values.page.some((q) => p.includes(q));
  const groups = GROUPS.map((g) => ({ ...g, pages: g.pages.filter(wanted) })).filter((g) => g.pages.length);
  console.log(`docs-test: the command blocks of ${groups.flatMap((g) => g.pages).join(', ')}${values.fast ? '; slow blocks left out' : ''}`);
  const tally: Tally = { run: 0, compared: 0, failed: [], skipped: {} };
  const started = Date.now();
  // The groups use instances of their own, so they run side by side; each
  // group's pages run in order, and its ids bind only within it.
  const runGroup = async (group: (typeof groups)[number]): Promise<void> => {
    const r: Run = { instance: group.instance, port: String(group.port), out: [] };
    const bindings = new Map<string, string>();
    const groupStarted = Date.now();
    if (!values.reuse) {
      await sh(`make --no-print-directory down INSTANCE=${r.instance} >/dev/null 2>&1`, r);
      rmSync(`.streamlab/${r.instance}`, { recursive: true, force: true });
    }
    try {
      // A later lab run alone starts from what the pages before it deployed.
      if (!values.reuse && group.pages[0] !== GROUPS.find((g) => g.instance === group.instance)!.pages[0]) {
        r.out.push(`(${group.pages[0]} run alone: make apply first, as the pages before it do)`);
        const { code, output } = await sh('make --no-print-directory apply && make --no-print-directory confirm', r);
        if (code !== 0) throw new Error(`make apply failed:\n${output}`);
      }
      for (const page of group.pages) {
        r.out.push(`\n== ${page} (instance ${r.instance}, port ${r.port})`);
        for (const step of parseSteps(page, readFileSync(page, 'utf8'))) await runStep(step, bindings, tally, r);
      }
    } catch (error) {
      tally.failed.push(`${group.pages[0]} (${(error as Error).message.split('\n')[0]})`);
      r.out.push(`✗ ${(error as Error).message}`);
    } finally {
      if (!values.keep) await sh(`make --no-print-directory down INSTANCE=${r.instance} >/dev/null 2>&1`, r);
      console.log(`${r.out.join('\n')}\n(${group.pages.join(', ')}: ${Math.round((Date.now() - groupStarted) / 1000)} s)`);
    }
  };
  await Promise.all(groups.map(runGroup));
  const skipped = Object.entries(tally.skipped).map(([why, n]) => `${why} ${n}`).join(', ');
  console.log(`\ndocs-test: ${tally.run} blocks run (${tally.compared} compared with their output), skipped: ${skipped || 'none'}; ${Math.round((Date.now() - started) / 1000)} s`);
  if (tally.failed.length) console.log(`failed: ${tally.failed.join(' ')}`);
  console.log(`${tally.run - tally.failed.length} passed, ${tally.failed.length} failed`);
  return tally.failed.length ? 1 : 0;
}

process.exitCode = await main();
