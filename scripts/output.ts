// Prints one value of the deployment's Terraform outputs, for shell commands:
// `url=$(npx tsx scripts/output.ts lab3.webhook_url)`. Strings print as they
// are, a list of strings one per line, anything else as JSON. `--list` shows every name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const argv = process.argv.slice(2);
  // The name is the one argument that is not an option or an option's value.
  const path = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--target');
  const args = parseCli(
    {
      summary: 'print one value of the Terraform outputs (.streamlab/<instance>/outputs.json)',
      usage: ['  NAME                 an output, or a field of one: lab3.webhook_url, lab1.table_name, webhook_secret', '  --list               every name'],
      examples: ['npx tsx scripts/output.ts lab3.webhook_url', 'npx tsx scripts/output.ts --list'],
      options: { list: { type: 'boolean', default: false } },
    },
    argv.filter((a) => a !== path),
  );
  const target = loadTarget(args.target);
  const raw = JSON.parse(readFileSync(join(target.stateDir, 'outputs.json'), 'utf8')) as Record<string, { value: unknown }>;
  if (args.list) {
    for (const [key, { value }] of Object.entries(raw)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const field of Object.keys(value)) console.log(`${key}.${field}`);
      else console.log(key);
    }
    return;
  }
  if (!path) throw new UsageError('name an output, e.g. lab3.webhook_url (--list shows them all)');
  const [key, ...fields] = path.split('.');
  let value: unknown = raw[key!]?.value;
  for (const field of fields) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
  if (value === undefined) throw new UsageError(`no output "${path}" (--list shows them all)`);
  // A list of names prints one per line, so that $(…) gives the shell one word each.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) console.log(value.join('\n'));
  else console.log(typeof value === 'string' ? value : JSON.stringify(value));
});
