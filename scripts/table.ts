// The console's "Explore table items", on both targets: lists a table's items
// (a Scan), optionally only those whose attribute equals a value. Any table of
// the account: the lab's by their short names, any other by its name.
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { labTargetIfDeployed, loadAccount } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: "list a table's items (the console's Explore table items)",
    usage: [
      '  --table NAME         any table of the account, or a lab table: messages (lab 1), orders (lab 2), submissions or idempotency (lab 3)',
      '  --where ATTR=VALUE   only items whose ATTR is the string VALUE, e.g. author=alice or status=pending',
      '  --limit N            at most N items, 1-1000 (default: 20)',
      '  --json               print the items as JSON',
    ],
    examples: ['npx tsx scripts/table.ts --table messages', 'npx tsx scripts/table.ts --table submissions --where status=pending', 'npx tsx scripts/table.ts --table orders --json --limit 5', 'npx tsx scripts/table.ts --table my-table'],
    options: { table: { type: 'string' }, where: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const account = loadAccount(args.target);
  const lab = labTargetIfDeployed(args.target);
  const tables: Record<string, string> = lab
    ? { messages: lab.lab1.messages_table, orders: lab.lab2.orders_table, submissions: lab.lab3.submissions_table, idempotency: lab.lab3.idempotency_table }
    : {};
  if (args.table === undefined) throw new UsageError(`--table is required: a table's name${lab ? ` or one of ${Object.keys(tables).join(', ')}` : ''}`);
  const table = tables[args.table] ?? args.table;
  const limit = intOption('limit', args.limit, 20, 1, 1000);
  const where = args.where === undefined ? undefined : /^([A-Za-z_][\w]*)=(.*)$/.exec(args.where);
  if (args.where !== undefined && !where) throw new UsageError(`--where must look like ATTR=VALUE, not "${args.where}"`);
  const { dynamodb } = clientsFor(account);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  let scanned = 0;
  do {
    const page = await dynamodb
      .send(
        new ScanCommand({
          TableName: table,
          ExclusiveStartKey: start,
          ...(where ? { FilterExpression: '#a = :v', ExpressionAttributeNames: { '#a': where[1]! }, ExpressionAttributeValues: { ':v': { S: where[2]! } } } : {}),
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
        throw new SetupError(`no table "${table}" on the ${args.target} target${lab ? ` (the lab's: ${Object.keys(tables).join(', ')})` : ''}`);
      });
    scanned += page.ScannedCount ?? 0;
    items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
    start = page.LastEvaluatedKey;
  } while (start && items.length < limit);
  const shown = items.slice(0, limit);
  if (args.json) {
    console.log(JSON.stringify(shown, null, 2));
    return;
  }
  console.log(`${table}: ${shown.length} item(s)${where ? ` with ${where[1]} = "${where[2]}"` : ''}${items.length > limit || start ? ` (first ${limit})` : ''}, ${scanned} scanned`);
  for (const item of shown) console.log(`  ${JSON.stringify(item)}`);
});
