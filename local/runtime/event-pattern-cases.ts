// One table of EventBridge pattern cases, every comparison operator with a
// match and a miss. Two matchers are held to it: moto's, through EventBridge's
// TestEventPattern (tests/conformance/triggers.test.ts), and the runtime's
// Lambda event filtering (filter-criteria.test.ts). The Lambda developer guide
// (invocation-eventfiltering) uses EventBridge's syntax, so both must agree.

export const PATTERN_CASE_EVENT = {
  id: '1',
  'detail-type': 'Order Placed',
  source: 'shop.orders',
  account: '123456789012',
  time: '2026-12-04T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { orderId: 'order-42', status: 'PLACED', total: 120.5, tags: ['new', 'gift'], customer: { tier: 'gold', email: 'Learner@Example.com' }, sourceIp: '10.0.0.25', coupon: null },
};

/** [name, pattern, does PATTERN_CASE_EVENT match] */
export const PATTERN_CASES: [string, object, boolean][] = [
  ['exact', { source: ['shop.orders'] }, true],
  ['exact, no match', { source: ['shop.payments'] }, false],
  ['an array in the event matches if one element does', { detail: { tags: ['gift'] } }, true],
  ['prefix', { detail: { orderId: [{ prefix: 'order-' }] } }, true],
  ['prefix, no match', { detail: { orderId: [{ prefix: 'refund-' }] } }, false],
  ['prefix equals-ignore-case', { detail: { orderId: [{ prefix: { 'equals-ignore-case': 'ORDER-' } }] } }, true],
  ['suffix', { detail: { orderId: [{ suffix: '-42' }] } }, true],
  ['suffix equals-ignore-case', { detail: { customer: { email: [{ suffix: { 'equals-ignore-case': 'EXAMPLE.COM' } }] } } }, true],
  ['anything-but', { detail: { status: [{ 'anything-but': ['CANCELLED'] }] } }, true],
  ['anything-but, no match', { detail: { status: [{ 'anything-but': 'PLACED' }] } }, false],
  ['anything-but prefix', { detail: { status: [{ 'anything-but': { prefix: 'CANC' } }] } }, true],
  ['anything-but prefix, no match', { detail: { status: [{ 'anything-but': { prefix: 'PLA' } }] } }, false],
  ['anything-but suffix, no match', { detail: { orderId: [{ 'anything-but': { suffix: '42' } }] } }, false],
  ['anything-but equals-ignore-case, no match', { detail: { status: [{ 'anything-but': { 'equals-ignore-case': ['placed'] } }] } }, false],
  ['anything-but wildcard, no match', { detail: { orderId: [{ 'anything-but': { wildcard: 'order-*' } }] } }, false],
  ['numeric range', { detail: { total: [{ numeric: ['>', 100, '<=', 200] }] } }, true],
  ['numeric equal', { detail: { total: [{ numeric: ['=', 120.5] }] } }, true],
  ['numeric, no match', { detail: { total: [{ numeric: ['<', 100] }] } }, false],
  ['exists', { detail: { customer: { tier: [{ exists: true }] } } }, true],
  ['exists, no match', { detail: { customer: { vip: [{ exists: true }] } } }, false],
  ['exists false', { detail: { customer: { vip: [{ exists: false }] } } }, true],
  ['exists false, no match', { detail: { customer: { tier: [{ exists: false }] } } }, false],
  ['equals-ignore-case', { detail: { customer: { email: [{ 'equals-ignore-case': 'learner@example.com' }] } } }, true],
  ['equals-ignore-case, no match', { detail: { customer: { email: [{ 'equals-ignore-case': 'teacher@example.com' }] } } }, false],
  ['wildcard', { detail: { orderId: [{ wildcard: 'order-*' }] } }, true],
  ['wildcard in the middle', { detail: { customer: { email: [{ wildcard: 'Learner@*.com' }] } } }, true],
  ['wildcard, no match', { detail: { orderId: [{ wildcard: 'refund-*' }] } }, false],
  ['cidr', { detail: { sourceIp: [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr, no match', { detail: { sourceIp: [{ cidr: '10.0.1.0/24' }] } }, false],
  ['null', { detail: { coupon: [null] } }, true],
  ['$or', { detail: { $or: [{ status: ['SHIPPED'] }, { total: [{ numeric: ['>', 100] }] }] } }, true],
  ['$or, no match', { detail: { $or: [{ status: ['SHIPPED'] }, { total: [{ numeric: ['>', 500] }] }] } }, false],
  ['several rules for one field: any may match', { detail: { status: ['SHIPPED', { prefix: 'PL' }] } }, true],
  ['every field must match', { source: ['shop.orders'], detail: { status: ['SHIPPED'] } }, false],
];
