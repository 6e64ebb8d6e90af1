// preferences-sync (lab 4): the preferences table's stream -> SNS. A control
// plane driven by a stream: each change of a subscriber's preferences becomes
// the filter policy of their email subscription to message-notifications, and
// a subscriber who asks for a digest is subscribed to the digest topic.
//
// A subscriber with no confirmed subscription yet is logged and skipped (SNS
// cannot set attributes on a pending subscription); saving the preferences
// again after confirming applies them.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { logger } from '../commons/logger.ts';
import { parsePreferences, type Preferences } from '../commons/preferences.ts';
import { filterPolicyFor } from './filter-policy.ts';
import { emailSubscriptionsOf, isConfirmed, setFilterPolicy, subscribeToDigests } from './subscriptions.ts';

const notificationsTopicArn = requireEnv('NOTIFICATIONS_TOPIC_ARN');
const digestTopicArn = requireEnv('DIGEST_TOPIC_ARN');
const processor = new BatchProcessor(EventType.DynamoDBStreams);

function preferencesOf(record: DynamoDBRecord): { subscriber: string; preferences?: Preferences } {
  const keys = unmarshall((record.dynamodb?.Keys ?? {}) as Record<string, AttributeValue>);
  const subscriber = String(keys['subscriber']);
  if (record.eventName === 'REMOVE' || !record.dynamodb?.NewImage) return { subscriber };
  const parsed = parsePreferences(subscriber, unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
  if (!parsed.ok) throw new Error(`preferences of ${subscriber}: ${parsed.error}`);
  return { subscriber, preferences: parsed.value };
}

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const { subscriber, preferences } = preferencesOf(record);
  const policy = filterPolicyFor(preferences);
  const subscriptions = (await emailSubscriptionsOf(notificationsTopicArn, subscriber)).filter(isConfirmed);
  for (const subscription of subscriptions) await setFilterPolicy(subscription.SubscriptionArn!, policy);
  if (subscriptions.length === 0) logger.warn('No confirmed subscription to filter yet', { subscriber });
  else logger.info('Filter policy set', { subscriber, subscriptions: subscriptions.length, policy });

  if (preferences?.mode === 'digest' && (await emailSubscriptionsOf(digestTopicArn, subscriber)).length === 0) {
    await subscribeToDigests(digestTopicArn, subscriber);
    logger.info('Subscribed to digests (SNS emailed a confirmation)', { subscriber });
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // In order: two changes of one subscriber in a batch must apply oldest first.
  return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
};
