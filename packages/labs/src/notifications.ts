// Reads notifications from lab 1's SQS test queue (subscribed to the topic).
import type { ScriptClients } from '@streamlab/kit/clients';
import { receiveAll } from '@streamlab/kit/queues';

/** The SNS envelope SQS receives, with the stream processor's JSON document inside. */
export interface ReceivedNotification {
  subject?: string;
  attributes: Record<string, string>;
  document: {
    event_type: string;
    message: { message_id: string; author: string; text: string; timestamp: string; reply_to_message_id?: string };
    in_reply_to?: { found: boolean; message?: { message_id: string; author: string; text: string }; message_id?: string };
    previous_text?: string;
    thread?: { thread_id: string; depth: number; chain: { message_id: string; author: string; text: string }[]; elided: number; broken?: true };
  };
  snsMessageId: string;
  receivedAt: number;
}

export function parseEnvelope(body: string, receivedAt = Date.now()): ReceivedNotification | undefined {
  try {
    const envelope = JSON.parse(body) as { Message: string; Subject?: string; MessageId: string; MessageAttributes?: Record<string, { Value: string }> };
    const document = JSON.parse(envelope.Message) as ReceivedNotification['document'];
    if (!document?.message?.message_id) return undefined;
    const attributes = Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, v.Value]));
    return { subject: envelope.Subject, attributes, document, snsMessageId: envelope.MessageId, receivedAt };
  } catch {
    return undefined;
  }
}

/**
 * Waits until a notification has arrived for every wanted message_id, or the
 * timeout passes. Everything read is deleted: the test queue is a scratch
 * queue for observing, and leaving messages would make their receive counts
 * climb towards its DLQ.
 */
export async function waitForNotifications(
  clients: ScriptClients,
  queueUrl: string,
  wanted: Iterable<string>,
  timeoutMs: number,
): Promise<{ found: Map<string, ReceivedNotification>; missing: string[]; ignored: number }> {
  const missing = new Set(wanted);
  const found = new Map<string, ReceivedNotification>();
  let ignored = 0;
  if (missing.size === 0) return { found, missing: [], ignored };
  for await (const messages of receiveAll(clients.sqs, queueUrl, { WaitTimeSeconds: 1, VisibilityTimeout: 30, until: Date.now() + timeoutMs })) {
    const now = Date.now();
    for (const m of messages) {
      const notification = parseEnvelope(m.Body ?? '', now);
      const id = notification?.document.message.message_id;
      if (notification && id && missing.has(id)) {
        missing.delete(id);
        found.set(id, notification);
      } else {
        ignored += 1;
      }
    }
    if (missing.size === 0) break;
  }
  return { found, missing: [...missing], ignored };
}
