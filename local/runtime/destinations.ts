// Sends a JSON document to an SQS queue or SNS topic named by its ARN: an
// invocation record to an on-failure destination, or an event to a Lambda DLQ.
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { parseArn } from '@streamlab/kit/arn';
import type { Clients } from './clients.ts';

/** String/Number message attributes (the shape SQS and SNS both accept). */
export type Attributes = Record<string, { DataType: string; StringValue: string }>;

/**
 * Lambda sends with the function's execution role (it needs sqs:SendMessage or
 * sns:Publish on the destination); `admin` only finds the queue's URL, which
 * Lambda knows from the ARN.
 */
export async function sendToDestination(clients: { role: Clients; admin: Clients }, arn: string, document: unknown, attributes?: Attributes): Promise<void> {
  const body = JSON.stringify(document);
  const { service, account, resource } = parseArn(arn);
  if (service === 'sqs') {
    const { QueueUrl } = await clients.admin.sqs.send(new GetQueueUrlCommand({ QueueName: resource, QueueOwnerAWSAccountId: account }));
    await clients.role.sqs.send(new SendMessageCommand({ QueueUrl: QueueUrl!, MessageBody: body, MessageAttributes: attributes }));
  } else if (service === 'sns') {
    await clients.role.sns.send(new PublishCommand({ TopicArn: arn, Message: body, MessageAttributes: attributes }));
  } else {
    throw new Error(`unsupported destination ${arn}`);
  }
}
