// digest (lab 4): run by an EventBridge Scheduler cron schedule. For every
// subscriber whose preferences say "digest", publishes one summary of the
// messages since DIGEST_HOURS ago to the digest topic, with the subscriber as
// a message attribute: each subscriber's email subscription's filter policy
// lets only their own digest through.
import { PublishCommand } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { sns } from '../commons/clients.ts';
import { logger } from '../commons/logger.ts';
import { collect, scanItems } from '../commons/read-pages.ts';
import { parsePreferences, type Preferences } from '../commons/preferences.ts';
import { type DigestMessage, digestFor, subjectOf } from './select.ts';

const messagesTable = requireEnv('MESSAGES_TABLE');
const preferencesTable = requireEnv('PREFERENCES_TABLE');
const digestTopicArn = requireEnv('DIGEST_TOPIC_ARN');
const hours = Number(process.env['DIGEST_HOURS'] ?? '24');

export const handler = async (_event: unknown, context: Context): Promise<{ digests: number; messages: number }> => {
  logger.addContext(context);
  const since = new Date(Date.now() - hours * 3600_000).toISOString();
  const subscribers: Preferences[] = [];
  for await (const item of scanItems({ TableName: preferencesTable, FilterExpression: '#mode = :digest', ExpressionAttributeNames: { '#mode': 'mode' }, ExpressionAttributeValues: { ':digest': { S: 'digest' } } })) {
    const parsed = parsePreferences(String(item['subscriber']), item);
    if (parsed.ok) subscribers.push(parsed.value);
    else logger.warn('Preferences skipped', { subscriber: item['subscriber'], error: parsed.error });
  }
  if (subscribers.length === 0) {
    logger.info('No subscriber wants a digest');
    return { digests: 0, messages: 0 };
  }
  const messages = (await collect(scanItems({ TableName: messagesTable, FilterExpression: '#ts >= :since AND attribute_exists(#text)', ExpressionAttributeNames: { '#ts': 'timestamp', '#text': 'text' }, ExpressionAttributeValues: { ':since': { S: since } } }))) as unknown as DigestMessage[];
  let total = 0;
  for (const preferences of subscribers) {
    const digest = digestFor(preferences, messages, since);
    await sns.send(
      new PublishCommand({
        TopicArn: digestTopicArn,
        Subject: subjectOf(digest),
        // Plain JSON (no per-protocol bodies), so a subscription can filter on the body (MessageBody scope).
        Message: JSON.stringify(digest, null, 2),
        MessageAttributes: { subscriber: { DataType: 'String', StringValue: preferences.subscriber } },
      }),
    );
    total += digest.count;
    logger.info('Digest published', { subscriber: preferences.subscriber, count: digest.count });
  }
  return { digests: subscribers.length, messages: total };
};
