// Lab 3: the replies queue stands in for WhatsApp: every reply the background
// processor sends lands there (raw delivery: the body is the reply JSON).
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ScriptClients } from './clients.ts';

export interface Reply {
  message_id: string;
  phone_number: string;
  client_type: string;
  reply_text: string;
  prediction_result: string;
  scam_label: string;
  confidence_score: number;
}

/**
 * Reads the replies until the queue has been quiet for `quietMs` (or `timeoutMs`
 * passed). `keep` makes them visible again for the next reader; else they are deleted.
 */
export async function readReplies(clients: ScriptClients, url: string, options: { quietMs: number; timeoutMs: number; keep?: boolean; atLeast?: number }): Promise<Reply[]> {
  const out: Reply[] = [];
  const kept: { Id: string; ReceiptHandle: string }[] = [];
  const deadline = Date.now() + options.timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    if (Messages.length === 0) {
      if (out.length >= (options.atLeast ?? 0) && Date.now() - quietSince >= options.quietMs) break;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    quietSince = Date.now();
    out.push(...Messages.map((m) => JSON.parse(m.Body!) as Reply));
    const entries = Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
    if (options.keep) kept.push(...entries.map((e) => ({ ...e, Id: String(kept.length + Number(e.Id)) })));
    else await clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
  // Hidden while reading (so each is read once), visible again afterwards.
  for (let i = 0; i < kept.length; i += 10) {
    const batch = kept.slice(i, i + 10).map((e, j) => ({ ...e, Id: String(j), VisibilityTimeout: 0 }));
    await clients.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: batch }));
  }
  return out;
}
