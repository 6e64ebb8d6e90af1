// SQS record → SNS envelope → order. OrderQueue is subscribed to OrderTopic
// without raw delivery, so each SQS body is the SNS envelope and the order is
// the envelope's "Message" string.
import type { SQSRecord } from 'aws-lambda';
import { InvalidOrderError } from './order.ts';

export interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
}

export function unwrapOrder(record: Pick<SQSRecord, 'body' | 'messageId'>): { envelope: SnsEnvelope; order: unknown } {
  let envelope: SnsEnvelope;
  try {
    envelope = JSON.parse(record.body) as SnsEnvelope;
  } catch {
    throw new InvalidOrderError(`SQS message ${record.messageId}: body is not JSON`);
  }
  if (envelope?.Type !== 'Notification' || typeof envelope.Message !== 'string') {
    throw new InvalidOrderError(`SQS message ${record.messageId}: body is not an SNS notification`);
  }
  try {
    return { envelope, order: JSON.parse(envelope.Message) as unknown };
  } catch {
    throw new InvalidOrderError(`SQS message ${record.messageId}: the SNS message is not JSON`);
  }
}
