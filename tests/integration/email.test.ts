// Email subscriptions behave like AWS: pending → confirmed → notifications in the outbox.
import { GetSubscriptionAttributesCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { putMessage } from '@streamlab/labs/messages';
import { waitForNotifications } from '@streamlab/labs/notifications';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import { confirmFromOutbox } from '@streamlab/labs/subscriptions';
import { clients, resetQueues, target } from './harness.ts';

const lab = target.lab1;
const mailsTo = (email: string) => readOutbox(outboxDir(target.stateDir)).filter((m) => m.headers['to'] === email);

test('an email subscription is pending, receives nothing, then is confirmed from its email and receives notifications', async () => {
  await resetQueues();
  const email = `learner-${randomUUID().slice(0, 8)}@example.com`;
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({ TopicArn: lab.notifications_topic_arn, Protocol: 'email', Endpoint: email, ReturnSubscriptionArn: true }),
  );
  const attrs = async () => (await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
  assert.is((await attrs())['PendingConfirmation'], 'true');

  const confirmation = mailsTo(email);
  assert.is(confirmation.length, 1, 'one confirmation email');
  assert.is(confirmation[0]!.headers['x-streamlab-kind'], 'SubscriptionConfirmation');

  // AWS cannot delete a pending subscription (it expires after 48 h); neither can the emulator.
  const refused = await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn })).catch((e: Error) => e);
  assert.instance(refused, Error);

  const whilePending = await putMessage(clients, lab.messages_table, { author: 'alice', text: 'nobody should email this' });
  await waitForNotifications(clients, lab.test_queue_url, [whilePending.message_id], 15_000);
  assert.is(mailsTo(email).length, 1, 'nothing delivered while pending');

  const confirmed = await confirmFromOutbox(target, clients, email);
  assert.equal(confirmed.map((c) => c.email), [email]);
  assert.is((await attrs())['PendingConfirmation'], 'false');

  const m = await putMessage(clients, lab.messages_table, { author: 'alice', text: 'this one reaches the inbox' });
  await waitForNotifications(clients, lab.test_queue_url, [m.message_id], 15_000);
  // SNS delivers to each subscription independently: the email may land a little
  // after the test queue's copy.
  const deadline = Date.now() + 5000;
  while (mailsTo(email).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const mails = mailsTo(email);
  assert.is(mails.length, 2);
  assert.is(mails[1]!.headers['subject'], 'New message from alice: this one reaches the inbox');
  assert.ok(mails[1]!.body.includes('alice wrote at'), 'the email body is the readable text, not JSON');

  await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn }));
});

test('a wrong confirmation token is refused', async () => {
  const { ConfirmSubscriptionCommand } = await import('@aws-sdk/client-sns');
  const error = await clients.sns.send(new ConfirmSubscriptionCommand({ TopicArn: lab.notifications_topic_arn, Token: 'not-a-token' })).catch((e: Error) => e);
  assert.instance(error, Error);
});

test.run();
