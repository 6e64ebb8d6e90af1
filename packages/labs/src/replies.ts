// Lab 3: the replies queue stands in for WhatsApp: every reply the background
// processor sends lands there (raw delivery: the body is the reply JSON).
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ScriptClients } from '@streamlab/kit/clients';
import { deleteMessages } from '@streamlab/kit/queues';

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
export async function readReplies(
  clients: ScriptClients,
  url: string,
  options: { quietMs: number; timeoutMs: number; keep?: boolean; atLeast?: number; only?: (reply: Reply) => boolean },
): Promise<Reply[]> {
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
    // `only`: the other replies are left on the queue, as with `keep`.
    const parsed = Messages.map((m) => ({ m, reply: JSON.parse(m.Body!) as Reply }));
    const mine = parsed.filter((p) => !options.only || options.only(p.reply)).map((p) => p.m);
    const others = Messages.filter((m) => !mine.includes(m));
    out.push(...parsed.filter((p) => mine.includes(p.m)).map((p) => p.reply));
    const toKeep = options.keep ? Messages : others;
    kept.push(...toKeep.map((m) => ({ Id: '', ReceiptHandle: m.ReceiptHandle! })));
    const toDelete = options.keep ? [] : mine;
    await deleteMessages(clients.sqs, url, toDelete);
  }
  // Hidden while reading (so each is read once), visible again afterwards.
  for (let i = 0; i < kept.length; i += 10) {
    const batch = kept.slice(i, i + 10).map((e, j) => ({ ...e, Id: String(j), VisibilityTimeout: 0 }));
    await clients.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: batch }));
  }
  return out;
}
