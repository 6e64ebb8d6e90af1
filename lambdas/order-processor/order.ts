// An order as the shop publishes it, and its validation.

/** The life cycle of an order; any other status is invalid. */
export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  orderId: string;
  userId: string;
  itemName: string;
  quantity: number;
  status: OrderStatus;
  /** ISO-8601 time of this version of the order; newer versions win. */
  timestamp: string;
}

/** An order that can never succeed: its record fails alone and ends in the DLQ. */
export class InvalidOrderError extends Error {
  override name = 'InvalidOrderError';
}

// ISO-8601 date-time with seconds and an offset or Z, e.g. 2026-11-22T10:00:00Z or 2026-11-22T10:00:00.123+01:00.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function nonEmptyString(input: Record<string, unknown>, key: string, problems: string[]): string {
  const value = input[key];
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${key} must be a non-empty string`);
  return value as string;
}

/** Validates a parsed JSON value as an Order; the error lists every problem. */
export function validateOrder(input: unknown): Order {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidOrderError('order must be a JSON object');
  }
  const o = input as Record<string, unknown>;
  const problems: string[] = [];
  const orderId = nonEmptyString(o, 'orderId', problems);
  const userId = nonEmptyString(o, 'userId', problems);
  const itemName = nonEmptyString(o, 'itemName', problems);
  if (!Number.isInteger(o['quantity']) || (o['quantity'] as number) <= 0) problems.push('quantity must be a positive integer');
  if (!ORDER_STATUSES.includes(o['status'] as OrderStatus)) problems.push(`status must be one of ${ORDER_STATUSES.join(', ')}`);
  const timestamp = o['timestamp'];
  if (typeof timestamp !== 'string' || !ISO_8601.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    problems.push('timestamp must be an ISO-8601 date-time such as 2026-11-22T10:00:00Z');
  }
  if (problems.length > 0) {
    throw new InvalidOrderError(`order ${typeof o['orderId'] === 'string' ? o['orderId'] : '?'}: ${problems.join('; ')}`);
  }
  return { orderId, userId, itemName, quantity: o['quantity'] as number, status: o['status'] as OrderStatus, timestamp: timestamp as string };
}

/**
 * The order's timestamp in one UTC format (2026-11-22T09:00:00.000Z), so that
 * string comparison is time order whatever offset the publisher used.
 */
export function versionOf(order: Pick<Order, 'timestamp'>): string {
  return new Date(order.timestamp).toISOString();
}
