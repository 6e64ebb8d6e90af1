// SNS → SQS without raw delivery: the SNS developer guide's "Verifying the
// signatures of Amazon SNS messages" (SignatureVersion 1, a topic's default:
// SHA1withRSA; 2, set on the topic: SHA256withRSA; over the notification's
// fields, checked with the certificate at SigningCertURL).
import { CreateTopicCommand, DeleteTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createVerify, X509Certificate } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topicMaySendPolicy } from '@streamlab/kit/queues';
import { createQueue, drainQueue, removeCreated, sqs, target, unique } from './harness.ts';

const sns = new SNSClient(target.clientConfig);

interface Envelope { Type: string; MessageId: string; TopicArn: string; Message: string; Subject?: string; Timestamp: string; SignatureVersion: string; Signature: string; SigningCertURL: string; UnsubscribeURL: string }

/** The string SNS signs for a Notification (the guide's field order; Subject only when the message has one). */
const stringToSign = (e: Envelope) =>
  ['Message', e.Message, 'MessageId', e.MessageId, ...(e.Subject === undefined ? [] : ['Subject', e.Subject]), 'Timestamp', e.Timestamp, 'TopicArn', e.TopicArn, 'Type', e.Type].map((line) => `${line}\n`).join('');

/** The certificate at SigningCertURL, fetched from the emulator (its host is SNS's, its path the key's). */
async function certificate(url: string): Promise<X509Certificate> {
  const { pathname } = new URL(url);
  const response = await fetch(new URL(pathname, target.endpoint!), { headers: { authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${target.region}/sns/aws4_request` } });
  assert.is(response.status, 200, `the certificate at ${url} is served`);
  return new X509Certificate(await response.text());
}

/** Whether the envelope's signature verifies with the certificate, by its SignatureVersion's hash. */
const verifies = (e: Envelope, cert: X509Certificate) =>
  createVerify(e.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1').update(stringToSign(e)).verify(cert.publicKey, e.Signature, 'base64');

for (const [version, attributes] of [['1', {}], ['2', { SignatureVersion: '2' }]] as const) {
  test(`sns-verify-message-signature: every notification verifies against the certificate at its SigningCertURL (SignatureVersion ${version})`, async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('envelope'), Attributes: attributes }));
    try {
      const queue = await createQueue(unique('envelope'));
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: topicMaySendPolicy(queue.arn, TopicArn!) } }));
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'first' }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'second ✓', Subject: 'with a subject' }));

      const envelopes = (await drainQueue(queue.url, 2)).map((m) => JSON.parse(m.body) as Envelope).sort((a, b) => a.Message.localeCompare(b.Message));
      assert.equal(envelopes.map((e) => e.Message), ['first', 'second ✓']);
      assert.equal(envelopes.map((e) => e.Subject), [undefined, 'with a subject']);
      for (const e of envelopes) {
        assert.is(e.Type, 'Notification');
        assert.is(e.TopicArn, TopicArn);
        assert.is(e.SignatureVersion, version);
        assert.match(e.SigningCertURL, new RegExp(`^https://sns\\.${target.region}\\.amazonaws\\.com/SimpleNotificationService-[^/]+\\.pem$`));
        assert.ok(e.UnsubscribeURL.endsWith(`SubscriptionArn=${SubscriptionArn}`), 'the unsubscribe link names this subscription');
        const cert = await certificate(e.SigningCertURL);
        assert.ok(verifies(e, cert), `the signature of "${e.Message}" verifies`);
        assert.not.ok(verifies({ ...e, Message: `${e.Message}!` }, cert), 'a changed message does not');
      }
    } finally {
      await sns.send(new DeleteTopicCommand({ TopicArn }));
    }
  });
}

test('one publish, two subscriptions: the same MessageId and Timestamp (the time it was published), each verifying', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('fanout') }));
  try {
    const queues = [await createQueue(unique('fanout-a')), await createQueue(unique('fanout-b'))];
    for (const queue of queues) {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: topicMaySendPolicy(queue.arn, TopicArn!) } }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    }
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'to both', Subject: 'fan-out' }));
    const envelopes = await Promise.all(queues.map(async (q) => JSON.parse((await drainQueue(q.url, 1))[0]!.body) as Envelope));
    assert.equal(envelopes.map((e) => e.MessageId), [MessageId, MessageId]);
    assert.is(envelopes[0]!.Timestamp, envelopes[1]!.Timestamp);
    assert.is.not(envelopes[0]!.UnsubscribeURL, envelopes[1]!.UnsubscribeURL);
    for (const e of envelopes) {
      const cert = await certificate(e.SigningCertURL);
      assert.ok(verifies(e, cert), 'each verifies');
    }
  } finally {
    await sns.send(new DeleteTopicCommand({ TopicArn }));
  }
});

test.after(removeCreated);
test.run();
