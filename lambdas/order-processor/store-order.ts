// Stores an order with a conditional write, so that redelivery is harmless:
// - a new orderId is written;
// - a newer version (later timestamp) replaces the stored one;
// - the same or an older version changes nothing (a duplicate or a late
//   redelivery must not overwrite a newer status).
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamodb } from '../commons/clients.ts';
import { ifConditionHolds } from '../commons/conditional-write.ts';
import { versionOf, type Order } from './order.ts';

export type StoreResult = 'stored' | 'unchanged';

export async function storeOrder(tableName: string, order: Order, source: { snsMessageId: string }): Promise<StoreResult> {
  const written = await ifConditionHolds(
    dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({ ...order, version: versionOf(order), snsMessageId: source.snsMessageId, storedAt: new Date().toISOString() }),
        ConditionExpression: 'attribute_not_exists(orderId) OR #version < :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: marshall({ ':version': versionOf(order) }),
      }),
    ),
  );
  return written ? 'stored' : 'unchanged';
}
