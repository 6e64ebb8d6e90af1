// Dead-letter queues, the lab's and any other of the account: what is in them, why, and moving messages back.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  paginateListQueues,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PublishCommand } from '@aws-sdk/client-sns';
import { validateOrder } from '../../../lambdas/order-processor/order.ts';
import { unwrapOrder } from '../../../lambdas/order-processor/unwrap.ts';
import type { ScriptClients } from '@streamlab/kit/clients';
import type { Account, Target } from '@streamlab/kit/target';
import { receiveAll } from '@streamlab/kit/queues';

export interface DeadLetterQueue {
  key: string;
  url: string;
  what: string;
  /** Explains why a message of this queue failed, from its body (and attributes). */
  reason: (body: string, message?: Message) => string;
}

/** Lambda's DLQ: the original event, with the error in the ErrorMessage attribute. */
function lambdaDlqReason(body: string, message?: Message): string {
  const error = message?.MessageAttributes?.['ErrorMessage']?.StringValue ?? 'no ErrorMessage attribute';
  try {
    const event = JSON.parse(body) as { Records?: { Sns?: { MessageAttributes?: Record<string, { Value?: string }> } }[] };
    const id = event.Records?.[0]?.Sns?.MessageAttributes?.['message_id']?.Value;
    return `${error}${id ? ` (message_id ${id})` : ''}`;
  } catch {
    return error;
  }
}

function ingestReason(body: string, message?: Message): string {
  const id = message?.MessageAttributes?.['message_id']?.StringValue;
  return `received 3 times without success${id ? ` (message_id ${id})` : ''}: ${body.slice(0, 80)}`;
}

function orderReason(body: string): string {
  try {
    validateOrder(unwrapOrder({ body, messageId: '?' }).order);
    return 'the order is valid now: a transient error (or a fixed bug) made it fail';
  } catch (error) {
    return (error as Error).message;
  }
}

function invocationRecordReason(body: string): string {
  try {
    const r = JSON.parse(body) as { requestContext?: { condition?: string }; DDBStreamBatchInfo?: { batchSize?: number; startSequenceNumber?: string; endSequenceNumber?: string } };
    const b = r.DDBStreamBatchInfo;
    return `${r.requestContext?.condition ?? 'failed'}: ${b?.batchSize ?? '?'} stream record(s) ${b?.startSequenceNumber}..${b?.endSequenceNumber}`;
  } catch {
    return 'not an invocation record';
  }
}

export function deadLetterQueues(target: Target): DeadLetterQueue[] {
  return [
    { key: 'orders', url: target.lab2.order_dlq_url, what: 'lab 2 OrderDeadLetterQueue (orders that failed 3 receives)', reason: orderReason },
    { key: 'notifications-test', url: target.lab1.test_queue_dlq_url, what: 'lab 1 test queue DLQ', reason: () => 'received too often from the test queue without being deleted' },
    { key: 'notifications-subscription', url: target.lab1.subscription_dlq_url, what: 'lab 1 SNS subscription DLQ (undeliverable notifications)', reason: () => 'SNS could not deliver it to the test queue' },
    { key: 'stream-failures', url: target.lab1.stream_failures_queue_url, what: 'lab 1 stream on-failure destination (invocation records)', reason: invocationRecordReason },
    { key: 'processor', url: target.lab3.processor_dlq_url, what: 'lab 3 background-processor Lambda DLQ (events that failed the async retries)', reason: lambdaDlqReason },
    ...(target.lab3.ingest_subscription_dlq
      ? [{ key: 'webhook-subscription', url: target.lab3.ingest_subscription_dlq, what: 'lab 3 ingest topic → processor subscription DLQ (sns mode: SNS could not invoke the function)', reason: () => 'SNS could not invoke the background processor (missing function or permission)' }]
      : []),
    ...(target.lab3.ingest_dlq_url
      ? [{ key: 'webhook-ingest', url: target.lab3.ingest_dlq_url, what: 'lab 3 ingest queue DLQ (sqs mode: messages received 3 times)', reason: ingestReason }]
      : []),
    { key: 'lab4-stream-failures', url: target.lab4.stream_failures_queue, what: 'lab 4 stream on-failure destination (invocation records)', reason: invocationRecordReason },
  ];
}

export async function depth(clients: ScriptClients, url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes['ApproximateNumberOfMessages'] ?? 0), inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0) };
}

/**
 * Reads up to `max` messages and makes each visible again at once, so looking
 * changes nothing but the receive count (which this look increases by one).
 */
export async function peek(clients: ScriptClients, url: string, max: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let attempts = 0; seen.size < max && attempts < Math.ceil(max / 10) + 3; attempts += 1) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: Math.min(10, max - seen.size), VisibilityTimeout: 5, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) break;
    for (const m of Messages) seen.set(m.MessageId!, m);
  }
  // Release them together after reading, so one look does not see a message twice.
  const all = [...seen.values()];
  for (let i = 0; i < all.length; i += 10) {
    await clients.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: all.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
      }),
    );
  }
  return all;
}

/** A message of any DLQ: Lambda's error attribute, an invocation record, or the body itself. */
function anyReason(body: string, message?: Message): string {
  if (message?.MessageAttributes?.['ErrorMessage']) return lambdaDlqReason(body, message);
  if (body.includes('"requestContext"')) {
    try {
      const r = JSON.parse(body) as { requestContext?: { condition?: string; functionArn?: string } };
      if (r.requestContext?.condition) return `${r.requestContext.condition} (invocation record of ${r.requestContext.functionArn ?? 'a function'})`;
    } catch {
      // not JSON: fall through
    }
  }
  return `moved here after its receives failed: ${body.slice(0, 80)}`;
}

/**
 * Every other dead-letter queue of the account (a queue some queue's
 * RedrivePolicy names), keyed by its name: a learner's own, beside the lab's.
 */
export async function otherDeadLetterQueues(clients: ScriptClients, known: string[]): Promise<DeadLetterQueue[]> {
  const out: DeadLetterQueue[] = [];
  for await (const page of paginateListQueues({ client: clients.sqs }, {})) {
    for (const url of page.QueueUrls ?? []) {
      const name = url.split('/').at(-1)!;
      if (known.some((k) => k.split('/').at(-1) === name)) continue;
      const sources = await sourceQueues(clients, url);
      if (sources.length > 0) out.push({ key: name, url, what: `DLQ of ${sources.map((s) => s.split('/').at(-1)).join(', ')}`, reason: anyReason });
    }
  }
  return out;
}

export async function sourceQueues(clients: ScriptClients, dlqUrl: string): Promise<string[]> {
  const { queueUrls = [] } = await clients.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
  return queueUrls;
}

function arnOf(url: string, region: string): string {
  const [account, name] = new URL(url).pathname.split('/').filter(Boolean);
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/**
 * Moves every message of a DLQ back to its source queue. On AWS this is
 * StartMessageMoveTask. The emulator has no such API, so there each message is
 * sent to the source first and deleted from the DLQ only after the send
 * succeeded: a crash in between leaves a duplicate, never a loss.
 */
export async function redrive(target: Account, clients: ScriptClients, dlqUrl: string): Promise<{ method: string; moved: number; source: string }> {
  const sources = await sourceQueues(clients, dlqUrl);
  if (sources.length !== 1) throw new Error(`expected exactly one source queue for ${dlqUrl}, found ${sources.length}`);
  const source = sources[0]!;
  const before = await depth(clients, dlqUrl);
  if (target.name === 'aws') {
    await clients.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlqUrl, target.region), DestinationArn: arnOf(source, target.region) }));
    return { method: 'StartMessageMoveTask', moved: before.visible, source };
  }
  const moved = await handOnEach(clients, dlqUrl, async (m) => {
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: m.Body!, MessageAttributes: m.MessageAttributes }));
  });
  return { method: 'receive → send to source → delete', moved, source };
}

/**
 * Receives every message of a DLQ, hands each on with `handOn`, and deletes it
 * only after that succeeded: a crash in between leaves a duplicate, never a loss.
 * Returns how many were handed on.
 */
async function handOnEach(clients: ScriptClients, dlqUrl: string, handOn: (message: Message) => Promise<void>): Promise<number> {
  let moved = 0;
  for await (const messages of receiveAll(clients.sqs, dlqUrl, { VisibilityTimeout: 60, MessageAttributeNames: ['All'], deletes: 'caller' })) {
    for (const m of messages) {
      await handOn(m);
      await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: m.ReceiptHandle! }));
      moved += 1;
    }
  }
  return moved;
}

/**
 * A Lambda DLQ has no source queue: its messages are original events. Redriving
 * one means invoking the function again (asynchronously) with that event.
 */
export async function reinvoke(clients: ScriptClients, dlqUrl: string, functionName: string): Promise<{ method: string; moved: number; source: string }> {
  const moved = await handOnEach(clients, dlqUrl, async (m) => {
    await clients.lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(m.Body!) }));
  });
  return { method: 'receive → Invoke (Event) → delete', moved, source: functionName };
}

/**
 * An SNS subscription DLQ holds SNS envelopes (Message + MessageAttributes).
 * Redriving one means publishing each message to its topic again.
 */
export async function republish(clients: ScriptClients, dlqUrl: string, topicArn: string): Promise<{ method: string; moved: number; source: string }> {
  const moved = await handOnEach(clients, dlqUrl, async (m) => {
    const envelope = JSON.parse(m.Body!) as { Message: string; Subject?: string; MessageAttributes?: Record<string, { Type: string; Value: string }> };
    const attributes = Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, { DataType: v.Type, StringValue: v.Value }]));
    await clients.sns.send(new PublishCommand({ TopicArn: topicArn, Message: envelope.Message, Subject: envelope.Subject, MessageAttributes: attributes }));
  });
  return { method: 'receive → Publish to the topic → delete', moved, source: topicArn };
}
