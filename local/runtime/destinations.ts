// Sends an invocation record to an on-failure destination (SQS queue or SNS topic).
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Clients } from './clients.ts';

export async function sendToDestination(clients: Clients, arn: string, record: unknown): Promise<void> {
  const body = JSON.stringify(record);
  const [, , service, , account, name] = arn.split(':');
  if (service === 'sqs') {
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name!, QueueOwnerAWSAccountId: account }));
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: QueueUrl!, MessageBody: body }));
  } else if (service === 'sns') {
    await clients.sns.send(new PublishCommand({ TopicArn: arn, Message: body }));
  } else {
    throw new Error(`unsupported destination ${arn}`);
  }
}
