// SNS → SQS without raw delivery: the SNS developer guide's "Verifying the
// signatures of Amazon SNS messages" (SignatureVersion 2: SHA256withRSA over
// the notification's fields, checked with the certificate at SigningCertURL).
import { CreateTopicCommand, DeleteTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createVerify, X509Certificate } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topicMaySendPolicy } from '@streamlab/kit/queues';
import { createQueue, drainQueue, removeCreated, sqs, target, unique } from './harness.ts';

const sns = new SNSClient(target.clientConfig);

interface Envelope { Type: string; MessageId: string; TopicArn: string; Message: string; Timestamp: string; SignatureVersion: string; Signature: string; SigningCertURL: string; UnsubscribeURL: string }

/** The string SNS signs for a Notification without a Subject (the guide's field order). */
const stringToSign = (e: Envelope) => ['Message', e.Message, 'MessageId', e.MessageId, 'Timestamp', e.Timestamp, 'TopicArn', e.TopicArn, 'Type', e.Type].map((line) => `${line}\n`).join('');

/** The certificate at SigningCertURL, fetched from the emulator (its host is SNS's, its path the key's). */
async function certificate(url: string): Promise<X509Certificate> {
  const { pathname } = new URL(url);
  const response = await fetch(new URL(pathname, target.endpoint!), { headers: { authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${target.region}/sns/aws4_request` } });
  assert.is(response.status, 200, `the certificate at ${url} is served`);
  return new X509Certificate(await response.text());
}

test('sns-verify-message-signature: every notification verifies against the certificate at its SigningCertURL', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique('envelope') }));
  try {
    const queue = await createQueue(unique('envelope'));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: topicMaySendPolicy(queue.arn, TopicArn!) } }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    for (const text of ['first', 'second ✓']) await sns.send(new PublishCommand({ TopicArn, Message: text }));

    const envelopes = (await drainQueue(queue.url, 2)).map((m) => JSON.parse(m.body) as Envelope).sort((a, b) => a.Message.localeCompare(b.Message));
    assert.equal(envelopes.map((e) => e.Message), ['first', 'second ✓']);
    for (const e of envelopes) {
      assert.is(e.Type, 'Notification');
      assert.is(e.TopicArn, TopicArn);
      assert.is(e.SignatureVersion, '2');
      assert.match(e.SigningCertURL, new RegExp(`^https://sns\\.${target.region}\\.amazonaws\\.com/SimpleNotificationService-[^/]+\\.pem$`));
      assert.ok(e.UnsubscribeURL.endsWith(`SubscriptionArn=${SubscriptionArn}`), 'the unsubscribe link names this subscription');
      const cert = await certificate(e.SigningCertURL);
      const verifier = createVerify('RSA-SHA256').update(stringToSign(e));
      assert.ok(verifier.verify(cert.publicKey, e.Signature, 'base64'), `the signature of "${e.Message}" verifies`);
      const tampered = createVerify('RSA-SHA256').update(stringToSign({ ...e, Message: `${e.Message}!` }));
      assert.not.ok(tampered.verify(cert.publicKey, e.Signature, 'base64'), 'a changed message does not');
    }
  } finally {
    await sns.send(new DeleteTopicCommand({ TopicArn }));
  }
});

test.after(removeCreated);
test.run();
