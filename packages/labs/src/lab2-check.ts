// Lab 2 happy path: publish the sample order, wait until it is stored. Shared by demo.ts.
import type { ScriptClients } from '@streamlab/kit/clients';
import { getOrder, publishOrders, sampleOrder } from './orders.ts';
import type { Target } from '@streamlab/kit/target';

export async function runLab2Check(target: Target, clients: ScriptClients, timeoutMs: number): Promise<{ ok: boolean; lines: string[] }> {
  const order = sampleOrder();
  const started = Date.now();
  await publishOrders(clients, target.lab2.order_topic_arn, [JSON.stringify(order)]);
  const lines = [`published ${JSON.stringify(order)}`];
  while (Date.now() - started < timeoutMs) {
    const stored = await getOrder(clients, target.lab2.orders_table, order.orderId);
    if (stored) {
      lines.push(`✓ stored in ${target.lab2.orders_table} after ${Date.now() - started} ms: ${stored.quantity} × ${stored.itemName} for ${stored.userId}, ${stored.status}`);
      return { ok: true, lines };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  lines.push(`✗ order ${order.orderId} not stored within ${timeoutMs / 1000}s`);
  return { ok: false, lines };
}
