// Lab 1 end to end: a message and a reply in, both notifications out, content checked.
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { runLab1Check } from '@streamlab/labs/lab1-check';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'insert a message and a reply, wait for both notifications on the test queue and check them',
    usage: ['  --timeout SECONDS    how long to wait for each notification, 1-300 (default: 20)'],
    examples: ['npx tsx scripts/end-to-end-test.ts', 'npx tsx scripts/end-to-end-test.ts --target aws --timeout 60'],
    options: { timeout: { type: 'string' } },
  });
  const timeoutMs = intOption('timeout', args.timeout, 20, 1, 300) * 1000;
  const target = loadTarget(args.target);
  const result = await runLab1Check(target, clientsFor(target), timeoutMs);
  for (const line of result.lines) console.log(line);
  console.log(result.ok ? 'PASS: lab 1 end to end' : 'FAIL: lab 1 end to end');
  return result.ok ? 0 : 1;
});
