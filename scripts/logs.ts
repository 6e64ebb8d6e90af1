// Prints a function's CloudWatch log events, and with --follow keeps printing
// new ones: the seeds' `aws logs tail /aws/lambda/<function> --follow`, on both
// targets (the local runtime ships every function's log lines to the
// emulator's CloudWatch Logs, as Lambda does). Any function of the account:
// the lab's by their short names, any other by its name.
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { parseCli, run } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { labTargetIfDeployed, loadAccount, type Target } from '@streamlab/kit/target';

/** The lab's functions by their short names, as `make status` lists them (none when the lab is not deployed). */
function functionsOf(target: Target | undefined): Record<string, string> {
  if (!target) return {};
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
      "  --function NAME      any function of the account by its name, or a lab function's short name (webhook-handler, OrderProcessor, …)",
      '  --since D            start D ago: 30s, 10m, 2h, 1d (default: 10m)',
      '  --follow             keep printing new events (Ctrl-C stops)',
      '  --filter PATTERN     only events matching a CloudWatch Logs filter pattern, e.g. ERROR or "Duplicate skipped"',
    ],
    examples: ['npx tsx scripts/logs.ts --function background-processor --follow', 'npx tsx scripts/logs.ts --function OrderProcessor --since 1h --filter ERROR', 'npx tsx scripts/logs.ts --function my-function'],
    options: { function: { type: 'string' }, since: { type: 'string', default: '10m' }, follow: { type: 'boolean', default: false }, filter: { type: 'string' } },
  });
  const sinceMs = parseSince(args.since); // bad input is refused before anything is asked of AWS
  const account = loadAccount(args.target);
  const known = functionsOf(labTargetIfDeployed(args.target));
  if (!args.function) throw new UsageError(`--function is required: a function's name${Object.keys(known).length > 0 ? ` or one of ${Object.keys(known).join(', ')}` : ''}`);
  const name = known[args.function] ?? args.function;
  const { logs, lambda } = clientsFor(account);
  // The function's log group: LoggingConfig's, /aws/lambda/<name> by default.
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })).catch((error: Error) => {
    if (error.name === 'ResourceNotFoundException') throw new SetupError(`no function "${name}" on the ${args.target} target (npx tsx scripts/aws.ts lambda list-functions lists them)`);
    throw error;
  });
  const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
  let start = Date.now() - sinceMs;
  const seen = new Set<string>();
  const print = (e: FilteredLogEvent) => console.log(`${new Date(e.timestamp ?? 0).toISOString().slice(11, 23)}  ${(e.message ?? '').trimEnd()}`);
  for (;;) {
    let token: string | undefined;
    const batch: FilteredLogEvent[] = [];
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: start, nextToken: token, filterPattern: args.filter })).catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
        throw new SetupError(`no log group ${group} yet: ${name} has not logged, or its role may not create the group (logs:CreateLogGroup)`);
      });
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
