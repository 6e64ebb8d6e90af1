// `make status`: what runs and what is deployed on a target.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { emailSubscriptions, emailTopics } from '@streamlab/labs/subscriptions';
import { loadTarget } from '@streamlab/kit/target';
import { resourceName } from '@streamlab/kit/arn';

function processState(file: string): string {
  if (!existsSync(file)) return 'not running';
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return `running (pid ${pid})`;
  } catch {
    return 'not running (stale pid file)';
  }
}

run(async () => {
  const args = parseCli({ summary: 'show what runs and what is deployed', usage: [], examples: ['make status', 'make status TARGET=aws'], options: {} });
  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  console.log(`target ${target.name} (instance ${target.instance}), region ${target.region}${target.endpoint ? `, emulator ${target.endpoint}` : ''}`);
  if (target.name === 'local') {
    console.log(`  emulator: ${processState(join(target.stateDir, 'emulator.pid'))}`);
    console.log(`  runtime:  ${processState(join(target.stateDir, 'runtime.pid'))}`);
  }
  const queues: [string, string][] = [
    ['test queue', target.lab1.test_queue_url],
    ['test queue DLQ', target.lab1.test_queue_dlq_url],
    ['subscription DLQ', target.lab1.subscription_dlq_url],
    ['stream failures', target.lab1.stream_failures_queue_url],
    ['OrderQueue', target.lab2.order_queue_url],
    ['OrderDLQ', target.lab2.order_dlq_url],
    ...(target.lab3.ingest_queue_url ? [['webhook ingest', target.lab3.ingest_queue_url] as [string, string]] : []),
    ...(target.lab3.ingest_dlq_url ? [['webhook ingest DLQ', target.lab3.ingest_dlq_url] as [string, string]] : []),
    ...(target.lab3.ingest_subscription_dlq ? [['webhook sub. DLQ', target.lab3.ingest_subscription_dlq] as [string, string]] : []),
    ['processor DLQ', target.lab3.processor_dlq_url],
    ['replies', target.lab3.replies_queue_url],
  ];
  console.log('queues (visible / in flight):');
  for (const [label, url] of queues) {
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    console.log(`  ${label.padEnd(18)} ${Attributes['ApproximateNumberOfMessages']} / ${Attributes['ApproximateNumberOfMessagesNotVisible']}`);
  }
  console.log(`lab 3: delivery_mode ${target.lab3.delivery_mode}, webhook ${target.lab3.webhook_url}`);
  console.log('email subscriptions:');
  for (const topic of emailTopics(target)) {
    for (const s of await emailSubscriptions(clients, topic)) {
      console.log(`  ${s.email.padEnd(28)} ${resourceName(topic).padEnd(40)} ${s.pending ? 'pending confirmation' : 'confirmed'}`);
    }
  }
});
