// Lab 2: publishes orders to OrderTopic; OrderProcessor stores them in Orders.
import { randomUUID } from 'node:crypto';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { generatedOrder, getOrder, poisonOrder, publishOrders, sampleOrder } from '@streamlab/labs/orders';
import { loadTarget } from '@streamlab/kit/target';
import { resourceName } from '@streamlab/kit/arn';

run(async () => {
  const args = parseCli({
    summary: "publish orders to OrderTopic (the seed's sample order by default)",
    usage: [
      '  --count N            publish N generated valid orders, 1-10000',
      '  --invalid N          publish N poison orders that break a validation rule, 1-1000',
      '  --wait               wait until the published valid orders are stored, and say how long it took',
      '  --json               print the published order bodies as JSON',
    ],
    examples: [
      'npx tsx scripts/publish-order.ts',
      'npx tsx scripts/publish-order.ts --count 100 --wait',
      'npx tsx scripts/publish-order.ts --invalid 1',
      'npx tsx scripts/publish-order.ts --target aws --count 5',
    ],
    options: {
      count: { type: 'string' },
      invalid: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const count = args.count === undefined ? 0 : intOption('count', args.count, 0, 1, 10_000);
  const invalid = args.invalid === undefined ? 0 : intOption('invalid', args.invalid, 0, 1, 1000);
  if (args.wait && count === 0 && invalid > 0) throw new UsageError('--wait waits for valid orders; add --count or drop --wait');

  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const runId = randomUUID().slice(0, 6);
  const valid = count > 0 ? Array.from({ length: count }, (_, i) => generatedOrder(i, runId)) : invalid > 0 ? [] : [sampleOrder()];
  const poison = Array.from({ length: invalid }, (_, i) => poisonOrder(i, runId));
  const bodies = [...valid, ...poison].map((o) => JSON.stringify(o));

  const started = Date.now();
  await publishOrders(clients, target.lab2.order_topic_arn, bodies);
  if (args.json) console.log(JSON.stringify(bodies.map((b) => JSON.parse(b) as unknown), null, 2));
  console.log(`Published ${valid.length} valid and ${poison.length} poison order(s) to ${resourceName(target.lab2.order_topic_arn)} in ${Date.now() - started} ms.`);
  if (valid.length === 1 && poison.length === 0) console.log(`  ${bodies[0]}`);
  if (poison.length > 0) console.log('Poison orders fail validation on every receive; after 3 receives SQS moves them to OrderDeadLetterQueue (npx tsx scripts/dlq.ts).');
  if (!args.wait) return;

  const pending = new Set(valid.map((o) => o.orderId));
  const deadline = Date.now() + 120_000;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) if (await getOrder(clients, target.lab2.orders_table, id)) pending.delete(id);
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
  }
  if (pending.size > 0) {
    console.error(`✗ ${pending.size} of ${valid.length} order(s) not stored after 120 s`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`✓ all ${valid.length} order(s) stored in ${target.lab2.orders_table} after ${seconds.toFixed(2)} s (${(valid.length / seconds).toFixed(0)} orders/s)`);
});
