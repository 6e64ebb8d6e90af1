// Lab 2: lists the stored orders, or shows one.
import { intOption, parseCli, run, textOption } from '@streamlab/kit/cli';
import { SetupError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { getOrder, scanOrders } from '@streamlab/labs/orders';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'list the orders stored in the Orders table, or show one',
    usage: [
      '  --get ORDER_ID       show one order with every attribute',
      '  --last N             list the newest N orders (default: 20)',
      '  --json               print JSON',
    ],
    examples: ['npx tsx scripts/orders.ts', 'npx tsx scripts/orders.ts --get order-1a2b3c4d'],
    options: { get: { type: 'string' }, last: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const id = textOption('get', args.get, 200);
  const last = intOption('last', args.last, 20, 1, 100_000);
  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const table = target.lab2.orders_table;
  if (id) {
    const order = await getOrder(clients, table, id);
    if (!order) throw new SetupError(`no order ${id} in ${table}`);
    console.log(JSON.stringify(order, null, 2));
    return;
  }
  const orders = (await scanOrders(clients, table)).sort((a, b) => b.storedAt.localeCompare(a.storedAt));
  if (args.json) {
    console.log(JSON.stringify(orders.slice(0, last), null, 2));
    return;
  }
  console.log(`${orders.length} order(s) in ${table}${orders.length > last ? ` (newest ${last} shown)` : ''}`);
  for (const o of orders.slice(0, last)) {
    console.log(`  ${o.orderId.padEnd(28)} ${o.userId.padEnd(9)} ${String(o.quantity).padStart(3)} × ${o.itemName.padEnd(20)} ${o.status.padEnd(10)} ${o.timestamp}`);
  }
});
