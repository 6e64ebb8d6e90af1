// Email subscriptions: their state, and confirming them from the local outbox.
import { ConfirmSubscriptionCommand, GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { ScriptClients } from '@streamlab/kit/clients';
import { outboxDir, readOutbox } from './outbox.ts';
import type { Target } from '@streamlab/kit/target';
import { resourceName } from '@streamlab/kit/arn';

export interface EmailSubscription {
  email: string;
  arn: string;
  pending: boolean;
}

export async function emailSubscriptions(clients: ScriptClients, topicArn: string): Promise<EmailSubscription[]> {
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  const out: EmailSubscription[] = [];
  for (const s of Subscriptions.filter((s) => s.Protocol === 'email' || s.Protocol === 'email-json')) {
    // AWS lists a pending subscription's ARN as "PendingConfirmation".
    if (!s.SubscriptionArn?.startsWith('arn:')) {
      out.push({ email: s.Endpoint!, arn: s.SubscriptionArn ?? '', pending: true });
      continue;
    }
    const { Attributes } = await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }));
    out.push({ email: s.Endpoint!, arn: s.SubscriptionArn, pending: Attributes?.['PendingConfirmation'] === 'true' });
  }
  return out;
}

/**
 * Confirms each pending email subscription of the topic (of `email` only, if
 * given) with the token of its newest confirmation email in the outbox.
 * Emails of subscriptions that are gone (after a destroy) are ignored.
 */
/** The topics with email subscriptions: lab 1's notifications, lab 3's alarm alerts and lab 4's digests. */
export function emailTopics(target: Target): string[] {
  return [target.lab1.notifications_topic_arn, target.lab3.alerts_topic_arn, target.lab4.digest_topic_arn];
}

/** Confirms pending email subscriptions of every email topic from their confirmation emails in the outbox. */
export async function confirmFromOutbox(target: Target, clients: ScriptClients, email?: string): Promise<{ email: string; topic: string; pending: string }[]> {
  const confirmed = [];
  for (const topicArn of emailTopics(target)) confirmed.push(...(await confirmTopic(target, clients, topicArn, email)));
  return confirmed;
}

async function confirmTopic(target: Target, clients: ScriptClients, topicArn: string, email?: string): Promise<{ email: string; topic: string; pending: string }[]> {
  const pending = (await emailSubscriptions(clients, topicArn)).filter((s) => s.pending && (!email || s.email === email));
  const mails = readOutbox(outboxDir(target.stateDir)).filter(
    (e) => e.headers['x-streamlab-kind'] === 'SubscriptionConfirmation' && e.headers['x-streamlab-topic-arn'] === topicArn,
  );
  const confirmed = [];
  for (const subscription of pending) {
    const mail = mails.filter((m) => m.headers['to'] === subscription.email).at(-1);
    if (!mail) continue;
    const { SubscriptionArn } = await clients.sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: mail.headers['x-streamlab-token']! }));
    const { Attributes } = await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    confirmed.push({ email: subscription.email, topic: resourceName(topicArn), pending: Attributes?.['PendingConfirmation'] ?? '?' });
  }
  return confirmed;
}
