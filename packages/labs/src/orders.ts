// Lab 2: building, publishing and reading orders.
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import type { ScriptClients } from '@streamlab/kit/clients';

export interface OrderInput {
  orderId: string;
  userId: string;
  itemName: string;
  quantity: number;
  status: string;
  timestamp: string;
}

/** The seed's sample order, with a fresh id. */
export function sampleOrder(): OrderInput {
  return {
    orderId: `order-${randomUUID().slice(0, 8)}`,
    userId: 'user-42',
    itemName: 'Wireless Mouse',
    quantity: 2,
    status: 'PENDING',
    timestamp: new Date().toISOString(),
  };
}

const ITEMS = ['Wireless Mouse', 'USB-C Cable', 'Mechanical Keyboard', '27" Monitor', 'Laptop Stand', 'Webcam'];

export function generatedOrder(i: number, runId: string): OrderInput {
  return {
    orderId: `order-${runId}-${String(i).padStart(4, '0')}`,
    userId: `user-${(i % 17) + 1}`,
    itemName: ITEMS[i % ITEMS.length]!,
    quantity: (i % 5) + 1,
    status: 'PENDING',
    timestamp: new Date().toISOString(),
  };
}

/** Poison orders: each breaks one validation rule, so it can never be stored. */
export function poisonOrder(i: number, runId: string): Record<string, unknown> {
  const base = generatedOrder(i, `${runId}-poison`);
  const breaks: Record<string, unknown>[] = [
    { quantity: 0 },
    { quantity: -3 },
    { quantity: 1.5 },
    { status: 'LOST_IN_SPACE' },
    { timestamp: 'yesterday' },
    { userId: '' },
    { itemName: 42 },
  ];
  return { ...base, ...breaks[i % breaks.length] };
}

/** Publishes order bodies (JSON strings) to the topic, 10 per PublishBatch call. */
export async function publishOrders(clients: ScriptClients, topicArn: string, bodies: string[]): Promise<number> {
  let published = 0;
  for (let i = 0; i < bodies.length; i += 10) {
    const chunk = bodies.slice(i, i + 10);
    const { Failed = [] } = await clients.sns.send(
      new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: chunk.map((Message, j) => ({ Id: String(j), Message })) }),
    );
    if (Failed.length > 0) throw new Error(`SNS refused ${Failed.length} order(s): ${Failed[0]!.Message ?? Failed[0]!.Code}`);
    published += chunk.length;
  }
  return published;
}

export type StoredOrder = OrderInput & { version: string; snsMessageId: string; storedAt: string };

export async function getOrder(clients: ScriptClients, table: string, orderId: string): Promise<StoredOrder | undefined> {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: marshall({ orderId }), ConsistentRead: true }));
  return Item ? (unmarshall(Item) as StoredOrder) : undefined;
}

export async function scanOrders(clients: ScriptClients, table: string): Promise<StoredOrder[]> {
  const all: StoredOrder[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start as never, ConsistentRead: true }));
    all.push(...(page.Items ?? []).map((i) => unmarshall(i) as StoredOrder));
    start = page.LastEvaluatedKey;
  } while (start);
  return all;
}
