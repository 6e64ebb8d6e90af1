// The mailbox: the local outbox (.eml files the emulator "sent") as a mail
// client reads it, and ConfirmSubscription for the link in a confirmation
// email, the call AWS's confirmation page makes when a learner clicks it.
import { ConfirmSubscriptionCommand } from '@aws-sdk/client-sns';
import { basename } from 'node:path';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import type { Context } from './context.ts';
import { BadRequest } from '@streamlab/kit/errors';

export function mails(ctx: Context) {
  return readOutbox(outboxDir(ctx.stateDir))
    .reverse()
    .slice(0, 200)
    .map((e) => ({
      id: basename(e.file, '.eml'),
      from: e.headers['from'],
      to: e.headers['to'],
      subject: e.headers['subject'],
      date: e.headers['date'],
      kind: e.headers['x-streamlab-kind'],
      topic: e.headers['x-streamlab-topic-name'],
      body: e.body,
    }));
}

/** The confirmation link's call: ConfirmSubscription with the email's TopicArn and Token. */
export async function confirm(ctx: Context, body: { topicArn?: string; token?: string }) {
  if (!body.topicArn || !body.token) throw new BadRequest('TopicArn and Token are required (open the link from the confirmation email)');
  const d = ctx.deployment();
  const { SubscriptionArn } = await d.clients.sns.send(new ConfirmSubscriptionCommand({ TopicArn: body.topicArn, Token: body.token }));
  return { ok: true, call: 'ConfirmSubscription', subscriptionArn: SubscriptionArn };
}
