// `make trace`: follows the local runtime live: every invocation (function,
// source, batch size, duration, result) and every retry, bisect, DLQ and
// destination hand-off. Readable lines by default, JSON lines with --json.
import { closeSync, existsSync, openSync, readSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { printLab2Hops } from '@streamlab/labs/hops';
import { instanceOf, loadTarget, REPO_ROOT } from '@streamlab/kit/target';
import { describe, type TimedTraceEvent } from '../local/runtime/trace-events.ts';

run(async () => {
  const args = parseCli({
    summary: 'follow the local runtime: invocations, retries, bisects, DLQ and destination hand-offs',
    usage: [
      '  --function NAME      only the events of functions whose name contains NAME (e.g. message-stream-processor)',
      '  --logs               also show the functions\' own log lines',
      '  --json               print the raw JSON lines',
      '  --last N             start with the last N events (default: 20)',
      '  --no-follow          print and exit instead of following',
      '  --hops               print lab 2\'s hop counts (as `make hops`) and exit',
    ],
    examples: ['make trace', 'npx tsx scripts/trace.ts --logs', 'npx tsx scripts/trace.ts --function message-stream-processor --no-follow', 'npx tsx scripts/trace.ts --json --no-follow --last 100'],
    options: { function: { type: 'string' }, logs: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, last: { type: 'string' }, 'no-follow': { type: 'boolean', default: false }, hops: { type: 'boolean', default: false } },
  });
  if (args.target === 'aws') throw new UsageError('the trace is the local runtime\'s; on AWS use `aws logs tail /aws/lambda/<function> --follow`');
  if (args.hops) {
    const target = loadTarget(args.target);
    return (await printLab2Hops(target, clientsFor(target))) > 0 ? 1 : 0;
  }
  const last = intOption('last', args.last, 20, 0, 1_000_000);
  const file = join(REPO_ROOT, '.streamlab', instanceOf(args.target), 'trace.jsonl');
  if (!existsSync(file)) throw new UsageError(`no trace yet at ${file}: start the local target with \`make up\``);

  const show = (raw: string) => {
    const e = JSON.parse(raw) as TimedTraceEvent;
    if (e.kind === 'log' && !args.logs) return;
    console.log(args.json ? raw : describe(e));
  };
  // An event names its function in "function" (or, for a refused call, in "source").
  const ofFunction = (raw: string, name: string) => {
    const e = JSON.parse(raw) as { function?: string; source?: string };
    return String(e.function ?? '').includes(name) || String(e.source ?? '').includes(name);
  };
  let position = 0;
  let pending = '';
  const readNew = (initial: boolean) => {
    const size = statSync(file).size;
    if (size < position) position = 0; // a new trace file
    if (size === position) return;
    const fd = openSync(file, 'r');
    const buffer = Buffer.alloc(size - position);
    readSync(fd, buffer, 0, buffer.length, position);
    closeSync(fd);
    position = size;
    const lines = (pending + buffer.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    const wanted = lines.filter((l) => l && (args.logs || !l.includes('"kind":"log"')) && (!args.function || ofFunction(l, args.function)));
    for (const line of initial ? (last === 0 ? [] : wanted.slice(-last)) : wanted) show(line);
  };
  readNew(true);
  if (args['no-follow']) return;
  console.error(`(following ${file.replace(`${REPO_ROOT}/`, '')}; Ctrl-C to stop)`);
  watch(file, () => readNew(false));
  setInterval(() => readNew(false), 1000);
  await new Promise(() => undefined);
});
