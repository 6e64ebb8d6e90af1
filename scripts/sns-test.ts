// Publishes a test notification straight to the topic and proves that the SQS
// test-queue subscription received it (this checks SNS → SQS without the stream).
import { PublishCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { waitForNotifications } from '@streamlab/labs/notifications';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'publish a test notification and check that the SQS test queue receives it',
    usage: ['  --timeout SECONDS    how long to wait, 1-120 (default: 10)'],
    examples: ['npx tsx scripts/sns-test.ts', 'npx tsx scripts/sns-test.ts --target aws --timeout 30'],
    options: { timeout: { type: 'string' } },
  });
  const timeoutMs = intOption('timeout', args.timeout, 10, 1, 120) * 1000;
  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const id = `sns-test-${randomUUID()}`;
  const document = JSON.stringify({
    event_type: 'test',
    message: { message_id: id, author: 'sns-test', text: 'Test notification from scripts/sns-test.ts', timestamp: new Date().toISOString() },
  });

  const started = Date.now();
  const { MessageId } = await clients.sns.send(
    new PublishCommand({
      TopicArn: target.lab1.notifications_topic_arn,
      Subject: 'streamlab SNS test',
      Message: document,
      MessageAttributes: { event_type: { DataType: 'String', StringValue: 'test' }, author: { DataType: 'String', StringValue: 'sns-test' } },
    }),
  );
  console.log(`Published ${MessageId} to ${target.lab1.notifications_topic_arn}`);
  const { found, missing } = await waitForNotifications(clients, target.lab1.test_queue_url, [id], timeoutMs);
  if (missing.length > 0) {
    console.error(`✗ the test queue did not receive it within ${timeoutMs / 1000}s`);
    return 1;
  }
  const n = found.get(id)!;
  console.log(`✓ received on the test queue in ${n.receivedAt - started} ms (SNS message id ${n.snsMessageId}, attributes ${JSON.stringify(n.attributes)})`);
  return 0;
});
