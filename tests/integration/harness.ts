// Shared set-up of the integration tests: the "test" instance that local/test.sh
// started and applied (one terraform apply per run), its clients, and resets.
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { clientsFor } from '@streamlab/kit/clients';
import { emptyQueue } from '@streamlab/kit/queues';
import { loadTarget } from '@streamlab/kit/target';
import { sleep } from '../support.ts';
import { receiveAll } from '@streamlab/kit/queues';

process.env['STREAMLAB_INSTANCE'] ??= 'test';
export const target = loadTarget('local');
export const clients = clientsFor(target);
export const streams = new DynamoDBStreamsClient(target.clientConfig);
export const logs = new CloudWatchLogsClient(target.clientConfig);

/** Empties the lab's queues so each test starts from a known state. */
export async function resetQueues(): Promise<void> {
  const lab = target.lab1;
  for (const url of [lab.test_queue_url, lab.stream_failures_queue_url, lab.subscription_dlq_url, lab.test_queue_dlq_url]) {
    await emptyQueue(clients, url);
  }
}

/** Receives (and deletes) up to `count` raw messages from a queue within `timeoutMs`. */
export async function drain(queueUrl: string, count: number, timeoutMs: number): Promise<string[]> {
  const bodies: string[] = [];
  if (count <= 0) return bodies;
  for await (const messages of receiveAll(clients.sqs, queueUrl, { WaitTimeSeconds: 1, until: Date.now() + timeoutMs })) {
    bodies.push(...messages.map((m) => m.Body ?? ''));
    if (bodies.length >= count) break;
  }
  return bodies;
}

export { sleep };
