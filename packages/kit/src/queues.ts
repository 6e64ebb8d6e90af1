// SQS helpers shared by the scripts, the benchmark, the tests and the local
// runtime: a queue's URL from its ARN, deleting in batches, receiving a queue dry, and the queue policy
// that lets an SNS topic deliver.
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand, type BatchResultErrorEntry, type Message, type ReceiveMessageCommandInput, type SQSClient } from '@aws-sdk/client-sqs';

/** The URL of the queue an ARN names (arn:aws:sqs:<region>:<account>:<name>), as Lambda and EventBridge find it. */
export async function queueUrlOf(sqs: SQSClient, queueArn: string): Promise<string> {
  const [, , , , account, name] = queueArn.split(':');
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
  return QueueUrl!;
}

/** Deletes messages in batches of ten (SQS's limit per call); returns the entries SQS could not delete. */
export async function deleteMessages(sqs: SQSClient, url: string, messages: readonly Pick<Message, 'ReceiptHandle'>[]): Promise<BatchResultErrorEntry[]> {
  const failed: BatchResultErrorEntry[] = [];
  for (let i = 0; i < messages.length; i += 10) {
    const { Failed = [] } = await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }),
    );
    failed.push(...Failed);
  }
  return failed;
}

export interface ReceiveAllOptions extends Omit<ReceiveMessageCommandInput, 'QueueUrl'> {
  /** Keep receiving through empty answers until this time (epoch ms); without it, the first empty answer ends the loop. */
  until?: number;
  /** Ends the loop at an empty answer before `until` once it returns true (readers sharing a queue: another one may have received what this one waits for). */
  done?: () => boolean;
  /** 'on-receive' (the default): each batch is deleted as it arrives, for a reader that only watches. 'caller': the loop body deletes what it has handled. */
  deletes?: 'on-receive' | 'caller';
}

/**
 * Receives a queue's messages, ten at a time, until it answers empty (or, with
 * `until`, until that time); leave the loop with break once you have what you
 * wanted.
 */
export async function* receiveAll(sqs: SQSClient, url: string, options: ReceiveAllOptions = {}): AsyncGenerator<Message[]> {
  const { until, done, deletes = 'on-receive', ...receive } = options;
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ MaxNumberOfMessages: 10, WaitTimeSeconds: 0, ...receive, QueueUrl: url }));
    if (Messages.length === 0) {
      if (until === undefined || Date.now() >= until || done?.()) return;
      if (!receive.WaitTimeSeconds) await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (deletes === 'on-receive') await deleteMessages(sqs, url, Messages);
    yield Messages;
    if (until !== undefined && Date.now() >= until) return;
  }
}

/** Deletes every visible message of a queue and says how many. (PurgeQueue would do, but SQS allows one per 60 s.) */
export async function emptyQueue(clients: { sqs: SQSClient }, url: string): Promise<number> {
  let count = 0;
  for await (const batch of receiveAll(clients.sqs, url)) count += batch.length;
  return count;
}

/** The queue policy (as JSON) that lets one SNS topic send to the queue: without it, SNS cannot deliver (as on AWS). */
export function topicMaySendPolicy(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
  });
}
