// Small SQS helpers shared by scripts, the benchmark and the tests.
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ScriptClients } from './clients.ts';

/** Deletes every visible message of a queue and says how many. (PurgeQueue would do, but SQS allows one per 60 s.) */
export async function emptyQueue(clients: Pick<ScriptClients, 'sqs'>, url: string): Promise<number> {
  for (let count = 0; ; ) {
    const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return count;
    count += Messages.length;
    await clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}
