// What the background processor receives, in either delivery mode, turned into
// one shape: { message_id, ...IngestMessage }.
// - sns mode: an SNS event (async invoke); the record's Sns.Message is the JSON
//   body and Sns.MessageAttributes are {Type, Value}.
// - sqs mode: an SQS batch; the body is the JSON body itself (the webhook sends
//   straight to the queue, no SNS envelope) and messageAttributes are
//   {stringValue, dataType}.
// message_id comes from the message attributes. A record without a valid one
// or with an invalid body can never succeed: it ends in the DLQ.
import type { SNSEvent, SNSEventRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { validateIngestMessage, type IngestMessage } from '../commons/ingest-message.ts';

/** The input of the idempotent per-message work; message_id is the idempotency key. */
export type IngestInput = { message_id: string } & IngestMessage;

export class InvalidIngestRecordError extends Error {
  override name = 'InvalidIngestRecordError';
}

// The webhook sends UUIDs; anything id-like and bounded is accepted.
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function eventShape(event: unknown): 'sns' | 'sqs' {
  const records = (event as { Records?: unknown })?.Records;
  if (Array.isArray(records) && records.length > 0) {
    const first = records[0] as Record<string, unknown>;
    if (first['EventSource'] === 'aws:sns' && typeof first['Sns'] === 'object') return 'sns';
    if (first['eventSource'] === 'aws:sqs') return 'sqs';
  }
  throw new InvalidIngestRecordError('The event is neither an SNS event nor an SQS batch.');
}

export function isSnsEvent(event: SNSEvent | SQSEvent): event is SNSEvent {
  return eventShape(event) === 'sns';
}

function toInput(source: string, messageId: string | undefined, body: string): IngestInput {
  if (messageId === undefined || !MESSAGE_ID.test(messageId)) {
    throw new InvalidIngestRecordError(`${source}: the message_id attribute is missing or invalid.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidIngestRecordError(`${source} (message_id ${messageId}): the body is not JSON.`);
  }
  try {
    return { message_id: messageId, ...validateIngestMessage(parsed) };
  } catch (error) {
    throw new InvalidIngestRecordError(`${source} (message_id ${messageId}): ${(error as Error).message}`);
  }
}

export function fromSnsRecord(record: SNSEventRecord): IngestInput {
  const attribute = record.Sns.MessageAttributes?.['message_id'];
  const messageId = attribute?.Type === 'String' ? attribute.Value : undefined;
  return toInput(`SNS message ${record.Sns.MessageId}`, messageId, record.Sns.Message);
}

export function fromSqsRecord(record: SQSRecord): IngestInput {
  const attribute = record.messageAttributes?.['message_id'];
  const messageId = attribute?.dataType === 'String' ? attribute.stringValue : undefined;
  return toInput(`SQS message ${record.messageId}`, messageId, record.body);
}
