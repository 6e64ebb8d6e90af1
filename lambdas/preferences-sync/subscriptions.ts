// The SNS side of preferences-sync: find a subscriber's email subscription,
// set its filter policy, and subscribe them to the digest topic.
import {
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import { sns } from '../commons/clients.ts';
import type { FilterPolicy } from './filter-policy.ts';

export async function emailSubscriptionsOf(topicArn: string, email: string): Promise<Subscription[]> {
  const found: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    found.push(...(page.Subscriptions ?? []).filter((s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === email));
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

/** A pending subscription's ARN is "PendingConfirmation": it has no attributes to set yet. */
export const isConfirmed = (s: Subscription) => s.SubscriptionArn?.startsWith('arn:') ?? false;

export async function setFilterPolicy(subscriptionArn: string, policy: FilterPolicy): Promise<void> {
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify(policy) }));
}

/** Subscribes the address to the digest topic, receiving only its own digests (SNS emails a confirmation). */
export async function subscribeToDigests(topicArn: string, email: string): Promise<void> {
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'email',
      Endpoint: email,
      Attributes: { FilterPolicy: JSON.stringify({ subscriber: [email] }) },
    }),
  );
}
