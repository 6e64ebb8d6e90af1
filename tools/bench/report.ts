// The bench's findings: rows of (measurement, figure), printed as a table and
// written to docs/benchmarks.md with the machine and the command that made them.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';

export const fmt = (x: number, d = 0): string => x.toFixed(d);
/** "median (min–max)" of a measurement repeated over runs. */
export const spread = (m: { median: number; min: number; max: number }, d = 0, unit = ''): string => `${fmt(m.median, d)}${unit} (${fmt(m.min, d)}–${fmt(m.max, d)})`;

export class Report {
  readonly rows: [string, string][] = [];

  add(measurement: string, figure: string): void {
    this.rows.push([measurement, figure]);
  }

  table(): string {
    const width = Math.max(...this.rows.map(([k]) => k.length));
    return this.rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
  }

  /** docs/benchmarks.md: the machine, the command, and every row. */
  markdown(runs: number, argv: string[]): string {
    const moto = readFileSync(join(REPO_ROOT, 'local/requirements.txt'), 'utf8').match(/moto\[server\]==(\S+)/)?.[1];
    const python = execFileSync(join(REPO_ROOT, '.venv/bin/python'), ['--version']).toString().trim();
    const machine = [
      `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      `- CPU: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
      `- Node ${process.version}; ${python}; moto ${moto}`,
      `- Command: \`make bench${argv.length > 0 ? ` BENCH_ARGS="${argv.join(' ')}"` : ''}\` (${runs} runs each; figures are medians with the min–max spread)`,
    ].join('\n');
    const rows = this.rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n');
    return `# Benchmarks (local target)\n\nWritten by \`make bench\` (tools/bench/). It measures and reports; no test asserts these numbers.\n\n${machine}\n\n| Measurement | Median (min–max) |\n| --- | --- |\n${rows}\n`;
  }

  write(runs: number, argv: string[]): string {
    const path = join(REPO_ROOT, 'docs', 'benchmarks.md');
    writeFileSync(path, this.markdown(runs, argv));
    return path;
  }
}
