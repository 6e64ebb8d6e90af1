// Prints a function's CloudWatch log events, and with --follow keeps printing
// new ones: the seeds' `aws logs tail /aws/lambda/<function> --follow`, on both
// targets (the local runtime ships every function's log lines to the
// emulator's CloudWatch Logs, as Lambda does).
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { loadTarget, type Target } from '@streamlab/kit/target';

/** The lab's functions by their short names, as `make status` lists them. */
function functionsOf(target: Target): Record<string, string> {
  return {
    'message-stream-processor': target.lab1.processor_function_name,
    OrderProcessor: target.lab2.processor_function_name,
    'webhook-handler': target.lab3.webhook_function_name,
    'background-processor': target.lab3.processor_function_name,
    'stale-message-processor': target.lab3.stale_function_name,
  };
}

/** "10m", "2h", "30s" → milliseconds. */
export function parseSince(raw: string): number {
  const m = /^(\d+)([smhd])$/.exec(raw);
  if (!m) throw new UsageError(`--since must look like 30s, 10m, 2h or 1d, not "${raw}"`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

run(async () => {
  const args = parseCli({
    summary: "print a function's log events (CloudWatch Logs), and follow new ones",
    usage: [
      '  --function NAME      a function: its full name or short name (webhook-handler, background-processor, OrderProcessor, …)',
      '  --since D            start D ago: 30s, 10m, 2h, 1d (default: 10m)',
      '  --follow             keep printing new events (Ctrl-C stops)',
      '  --filter PATTERN     only events matching a CloudWatch Logs filter pattern, e.g. ERROR or "Duplicate skipped"',
    ],
    examples: ['npx tsx scripts/logs.ts --function background-processor --follow', 'npx tsx scripts/logs.ts --function OrderProcessor --since 1h --filter ERROR'],
    options: { function: { type: 'string' }, since: { type: 'string', default: '10m' }, follow: { type: 'boolean', default: false }, filter: { type: 'string' } },
  });
  const target = loadTarget(args.target);
  const known = functionsOf(target);
  if (!args.function) throw new UsageError(`--function is required: one of ${Object.keys(known).join(', ')}`);
  const name = known[args.function] ?? args.function;
  const logs = clientsFor(target).logs;
  const group = `/aws/lambda/${name}`;
  let start = Date.now() - parseSince(args.since);
  const seen = new Set<string>();
  const print = (e: FilteredLogEvent) => console.log(`${new Date(e.timestamp ?? 0).toISOString().slice(11, 23)}  ${(e.message ?? '').trimEnd()}`);
  for (;;) {
    let token: string | undefined;
    const batch: FilteredLogEvent[] = [];
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: start, nextToken: token, filterPattern: args.filter }));
      batch.push(...(page.events ?? []));
      token = page.nextToken;
    } while (token);
    for (const e of batch.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))) {
      if (seen.has(e.eventId!)) continue;
      seen.add(e.eventId!);
      print(e);
      start = Math.max(start, e.timestamp ?? 0);
    }
    if (!args.follow) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
});
