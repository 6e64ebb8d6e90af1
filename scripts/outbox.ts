// Lists the emails in the local outbox, or prints one.
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import { instanceOf, REPO_ROOT } from '@streamlab/kit/target';
import { join, relative } from 'node:path';

run(async () => {
  const args = parseCli({
    summary: 'list the emails SNS "sent" on the local target (.eml files), or print one',
    usage: [
      '  --show N             print email number N of the list (1 = the newest)',
      '  --last N             list only the newest N emails (default: 20)',
      '  --subject TEXT       only the emails whose subject contains TEXT (with --show too)',
      '  --json               print the list as JSON',
    ],
    examples: ['npx tsx scripts/outbox.ts', 'npx tsx scripts/outbox.ts --show 1', 'npx tsx scripts/outbox.ts --subject dlq-not-empty --show 1'],
    options: { show: { type: 'string' }, last: { type: 'string' }, subject: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (args.target === 'aws') throw new UsageError('the outbox exists on the local target only; on AWS, check your inbox');
  const last = intOption('last', args.last, 20, 1, 100_000);
  const dir = outboxDir(join(REPO_ROOT, '.streamlab', instanceOf(args.target)));
  const emails = readOutbox(dir)
    .reverse() // newest first
    .filter((m) => args.subject === undefined || (m.headers['subject'] ?? '').includes(args.subject));
  if (args.show !== undefined) {
    const n = intOption('show', args.show, 1, 1, 100_000);
    const mail = emails[n - 1];
    if (!mail) throw new UsageError(`--show ${n}: the outbox has ${emails.length} email(s)`);
    console.log(`File:    ${relative(process.cwd(), mail.file)}\nTo:      ${mail.headers['to']}\nSubject: ${mail.headers['subject']}\nDate:    ${mail.headers['date']}\n\n${mail.body}`);
    return;
  }
  const shown = emails.slice(0, last);
  if (args.json) {
    console.log(JSON.stringify(shown.map((e) => ({ file: e.file, to: e.headers['to'], subject: e.headers['subject'], date: e.headers['date'], kind: e.headers['x-streamlab-kind'] })), null, 2));
    return;
  }
  console.log(`${emails.length} email(s)${args.subject === undefined ? '' : ` with "${args.subject}" in the subject`} in ${relative(process.cwd(), dir)}${emails.length > shown.length ? ` (newest ${shown.length} shown)` : ''}`);
  for (const [i, e] of shown.entries()) console.log(`  ${String(i + 1).padStart(3)}  ${(e.headers['date'] ?? '').slice(17, 25)}  ${(e.headers['to'] ?? '').padEnd(24)} ${e.headers['subject']}`);
  console.log('Print one with: npx tsx scripts/outbox.ts --show N');
});
