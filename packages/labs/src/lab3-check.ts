// Lab 3 happy path: a signed WhatsApp webhook with two photos → submission →
// reply; then the same message_id delivered again, which the processor skips.
// Shared by demo.ts and the tests.
import type { ScriptClients } from '@streamlab/kit/clients';
import { readReplies } from './replies.ts';
import { getSubmission, waitForCompleted } from './submissions.ts';
import type { Target } from '@streamlab/kit/target';
import { buildRequest, redeliver, sampleMessage, sendWebhook } from './webhooks.ts';

export async function runLab3Check(target: Target, clients: ScriptClients, timeoutMs: number): Promise<{ ok: boolean; lines: string[]; latencyMs?: number }> {
  const lab = target.lab3;
  const lines: string[] = [];
  await readReplies(clients, lab.replies_queue_url, { quietMs: 0, timeoutMs: 2000 }); // start from an empty replies queue
  const request = buildRequest('whatsapp', sampleMessage(1, { text: 'URGENT: you have won a prize! Verify your account at http://bit.ly/claim', media: 2 }));
  const response = await sendWebhook(target, request);
  const messageId = response.body.message_id;
  if (response.status !== 202 || !messageId) {
    lines.push(`✗ webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
    return { ok: false, lines };
  }
  lines.push(`✓ webhook (WhatsApp form, 2 photos) → ${response.status} in ${response.ms} ms, message_id ${messageId}, delivery ${lab.delivery_mode}`);

  const done = await waitForCompleted(clients, lab.submissions_table, [messageId], timeoutMs);
  const submission = done.get(messageId);
  if (!submission) {
    lines.push(`✗ no completed submission for ${messageId} within ${timeoutMs / 1000} s`);
    return { ok: false, lines };
  }
  const latencyMs = Date.parse(submission.completed_at!) - response.sentAt;
  lines.push(
    `✓ submission stored ${latencyMs} ms after the request: ${submission.prediction_result} (${submission.scam_label}, confidence ${submission.confidence_score}), ${submission.media_items.length} media references, status ${submission.status}`,
  );
  let replies = await readReplies(clients, lab.replies_queue_url, { quietMs: 500, timeoutMs, atLeast: 1 });
  const reply = replies.find((r) => r.message_id === messageId);
  lines.push(reply ? `✓ reply on the replies queue: "${reply.reply_text}"` : `✗ no reply for ${messageId}`);

  await redeliver(clients, target, messageId, request.message);
  replies = await readReplies(clients, lab.replies_queue_url, { quietMs: 2000, timeoutMs: 5000 });
  const again = await getSubmission(clients, lab.submissions_table, messageId);
  const skipped = replies.length === 0 && again?.id === submission.id;
  lines.push(skipped ? '✓ the same message_id delivered again: skipped (no second submission, no second reply)' : `✗ the duplicate produced ${replies.length} more reply(ies)`);
  return { ok: Boolean(reply) && skipped, lines, latencyMs };
}
