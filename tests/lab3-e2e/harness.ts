// Lab 3 helpers for the tests: sending bursts with duplicates and waiting until
// every delivery (including retried in-progress duplicates) has settled.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clientsFor } from '@streamlab/kit/clients';
import { loadTarget } from '@streamlab/kit/target';
import { buildRequest, redeliver, sampleMessage, sendWebhook, type Client } from '@streamlab/labs/webhooks';
import type { IngestMessage } from '../../lambdas/commons/ingest-message.ts';
import { sleep } from '../support.ts';

process.env['STREAMLAB_INSTANCE'] ??= 'test';
export const target = loadTarget('local');
export const clients = clientsFor(target);
export const lab = target.lab3;
export { sleep };

export interface Accepted {
  messageId: string;
  sentAt: number;
  message: IngestMessage;
}

/** Sends `count` signed webhooks, `parallel` at a time; returns the accepted ones. */
export async function sendBurst(count: number, options: { parallel?: number; client?: (i: number) => Client; text?: (i: number) => string } = {}): Promise<Accepted[]> {
  const parallel = options.parallel ?? 20;
  const out: Accepted[] = [];
  for (let i = 0; i < count; i += parallel) {
    const requests = Array.from({ length: Math.min(parallel, count - i) }, (_, j) =>
      buildRequest(options.client?.(i + j) ?? ((i + j) % 2 === 0 ? 'whatsapp' : 'web'), sampleMessage(i + j, { media: (i + j) % 3, text: options.text?.(i + j) })),
    );
    const responses = await Promise.all(requests.map((r) => sendWebhook(target, r)));
    responses.forEach((response, j) => {
      if (response.status !== 202 || !response.body.message_id) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
      out.push({ messageId: response.body.message_id, sentAt: response.sentAt, message: requests[j]!.message });
    });
  }
  return out;
}

export async function redeliverAll(items: Accepted[], times: number, concurrently: boolean): Promise<void> {
  const copies = items.flatMap((a) => Array.from({ length: times }, () => a));
  if (concurrently) await Promise.all(copies.map((a) => redeliver(clients, target, a.messageId, a.message)));
  else for (const a of copies) await redeliver(clients, target, a.messageId, a.message);
}

/** Waits until no delivery is left: the async inbox is empty (sns) and the ingest queue holds nothing (sqs). */
export async function waitUntilSettled(timeoutMs: number): Promise<void> {
  const inbox = join(target.stateDir, 'inbox');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const queued = existsSync(inbox) ? readdirSync(inbox).filter((f) => f.endsWith('.json')).length : 0;
    let inQueue = 0;
    if (lab.ingest_queue_url) {
      const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: lab.ingest_queue_url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      inQueue = Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
    }
    if (queued === 0 && inQueue === 0) return;
    if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs / 1000} s: ${queued} async event(s) queued, ${inQueue} message(s) in the ingest queue`);
    await sleep(250);
  }
}
