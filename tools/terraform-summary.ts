// Used by `make apply` and `make destroy`: reads `terraform … -json` on stdin,
// writes Terraform's full text to the log file named as the argument, and
// prints only the summary (tools/lib/terraform-events.ts). No colour codes:
// the summary is plain text, in a terminal or a pipe.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { logLine, Summary, type TfEvent } from './lib/terraform-events.ts';

run(async () => {
  const args = parseCli({
    summary: "print the summary of Terraform's machine-readable output on stdin, and keep its full text in a log file (make apply and make destroy use it)",
    usage: ['  --log FILE           where Terraform\'s full text goes'],
    examples: ['terraform apply -json … | npx tsx tools/terraform-summary.ts --log .streamlab/local/apply.log'],
    options: { log: { type: 'string' } },
  });
  const logFile = args.log;
  if (!logFile) throw new UsageError('--log FILE is required');
  writeFileSync(logFile, '');
  const summary = new Summary();
  for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    let event: TfEvent;
    try {
      event = JSON.parse(raw) as TfEvent;
    } catch {
      appendFileSync(logFile, `${raw}\n`);
      console.log(raw); // not an event: an error Terraform printed before its UI started
      continue;
    }
    const line = logLine(event);
    if (line !== undefined) appendFileSync(logFile, `${line}\n`);
    for (const out of summary.lines(event)) console.log(out);
  }
});
