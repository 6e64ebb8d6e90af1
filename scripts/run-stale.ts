// Lab 3: runs the stale-message-processor now (as its EventBridge schedule
// would), optionally with a shorter age, and prints what it republished.
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'invoke the stale-message-processor now and print its result',
    usage: ['  --older-than SECONDS republish pending submissions older than this (default: the function\'s STALE_AFTER_SECONDS)'],
    examples: ['npx tsx scripts/run-stale.ts', 'npx tsx scripts/run-stale.ts --older-than 0'],
    options: { 'older-than': { type: 'string' } },
  });
  const olderThan = args['older-than'] === undefined ? undefined : intOption('older-than', args['older-than'], 0, 0, 86_400 * 14);
  const target = loadTarget(args.target);
  const { lambda } = clientsFor(target);
  const payload = olderThan === undefined ? {} : { older_than_seconds: olderThan };
  const response = await lambda.send(new InvokeCommand({ FunctionName: target.lab3.stale_function_name, Payload: Buffer.from(JSON.stringify(payload)) }));
  const result = JSON.parse(Buffer.from(response.Payload ?? []).toString() || 'null') as unknown;
  if (response.FunctionError) {
    console.error(`✗ ${target.lab3.stale_function_name} failed: ${JSON.stringify(result)}`);
    return 1;
  }
  console.log(`${target.lab3.stale_function_name}: ${JSON.stringify(result)}`);
});
