// The conformance suite's purpose-built function. It reports every invocation
// to an SQS queue (PROBE_LOG_URL) and behaves as each item asks:
//   {"action": "ok" | "fail" | "sleep" | "crash", "ms": 100, "respond": <any>}
//   {"action": "get-item" | "put-item", "table": "<name>"} calls DynamoDB with the
//   function's credentials and answers {"ok": true} or fails with the SDK's error
//   (the IAM tests); such an invocation is not reported to PROBE_LOG_URL.
// where an item is an SQS body, a stream record's NewImage, an SNS message or
// the direct event. RESPONSE_MODE=partial reports failed items in
// batchItemFailures instead of throwing; "respond" overrides the response.
// With a tumbling window, the report carries the window's fields, and the
// probe returns {state: {ids: [...the state's ids, ...this batch's ids]}}.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';

const sqs = new SQSClient({});
const dynamodb = new DynamoDBClient({});
let invocationsInThisInstance = 0;
const instanceId = Math.random().toString(36).slice(2, 10);

interface Directive {
  id?: string;
  action?: 'ok' | 'fail' | 'sleep' | 'crash' | 'get-item' | 'put-item';
  table?: string;
  ms?: number;
  respond?: unknown;
}

interface Item {
  messageAttributes?: unknown;
  identifier?: string;
  directive: Directive;
  receiveCount?: string;
  eventSourceARN?: string;
  raw: Record<string, unknown>;
}

function items(event: Record<string, unknown>): Item[] {
  const records = event['Records'] as Record<string, unknown>[] | undefined;
  if (!records) return [{ directive: event as Directive, raw: event }];
  return records.map((r) => {
    if (r['eventSource'] === 'aws:sqs') {
      const attributes = r['attributes'] as Record<string, string>;
      return { identifier: r['messageId'] as string, directive: JSON.parse(r['body'] as string) as Directive, receiveCount: attributes['ApproximateReceiveCount'], eventSourceARN: r['eventSourceARN'] as string, messageAttributes: r['messageAttributes'], raw: r };
    }
    if (r['eventSource'] === 'aws:dynamodb') {
      const dynamodb = r['dynamodb'] as { SequenceNumber: string; NewImage?: Record<string, { S?: string; N?: string }> };
      const image = dynamodb.NewImage ?? {};
      const respond = image['respond']?.S;
      const directive: Directive = { id: image['id']?.S, action: image['action']?.S as Directive['action'], ms: Number(image['ms']?.N ?? 0) };
      if (respond !== undefined) directive.respond = JSON.parse(respond) as unknown;
      return { identifier: dynamodb.SequenceNumber, directive, eventSourceARN: r['eventSourceARN'] as string, raw: r };
    }
    const sns = r['Sns'] as { Message: string };
    return { directive: JSON.parse(sns.Message) as Directive, raw: r };
  });
}

export const handler = async (event: Record<string, unknown>, context: Context) => {
  invocationsInThisInstance += 1;
  const direct = event as Directive;
  if (direct.action === 'get-item' || direct.action === 'put-item') {
    const Key = { id: { S: 'probe' } };
    if (direct.action === 'get-item') await dynamodb.send(new GetItemCommand({ TableName: direct.table, Key }));
    else await dynamodb.send(new PutItemCommand({ TableName: direct.table, Item: Key }));
    return { ok: true };
  }
  const list = items(event);
  const started = Date.now();
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env['PROBE_LOG_URL']!,
      MessageBody: JSON.stringify({
        functionName: context.functionName,
        awsRequestId: context.awsRequestId,
        remainingMs: context.getRemainingTimeInMillis(),
        tag: process.env['PROBE_TAG'],
        instanceId,
        invocationsInThisInstance,
        startedAt: started,
        items: list.map((i) => ({ id: i.directive.id, identifier: i.identifier, receiveCount: i.receiveCount, eventSourceARN: i.eventSourceARN, messageAttributes: i.messageAttributes })),
        event: list.some((i) => i.raw['Sns']) || !event['Records'] ? event : undefined, // SNS envelopes and direct events (schedules, rules)
        window: 'window' in event ? { window: event['window'], state: event['state'], shardId: event['shardId'], isFinalInvokeForWindow: event['isFinalInvokeForWindow'], isWindowTerminatedEarly: event['isWindowTerminatedEarly'] } : undefined,
      }),
    }),
  );
  const failed: string[] = [];
  for (const item of list) {
    const d = item.directive;
    if (d.action === 'sleep') await new Promise((r) => setTimeout(r, d.ms ?? 0));
    if (d.action === 'crash') process.exit(3);
    if (d.action === 'fail') failed.push(item.identifier ?? d.id ?? '?');
  }
  const respond = list.find((i) => i.directive.respond !== undefined)?.directive.respond;
  if (respond !== undefined) return respond;
  if ('window' in event && failed.length === 0) {
    const before = ((event['state'] as { ids?: string[] } | undefined)?.ids ?? []);
    return { state: { ids: [...before, ...list.map((i) => i.directive.id ?? '?')] } };
  }
  if (failed.length === 0) return list.length === 1 && !event['Records'] ? { ok: true, id: list[0]!.directive.id } : null;
  if (process.env['RESPONSE_MODE'] === 'partial') return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  throw new Error(`probe failure: ${failed.join(', ')}`);
};
