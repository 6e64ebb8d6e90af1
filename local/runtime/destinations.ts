// Sends a JSON document to a destination named by its ARN, as Lambda does: an
// invocation record to an OnSuccess / OnFailure destination, or an event to a
// Lambda DLQ. SQS and SNS take the document as the message; a Lambda function
// is invoked asynchronously with it as the event; an EventBridge bus gets it as
// the detail of a "Lambda Function Invocation Result" event.
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueUrlOf } from '@streamlab/kit/queues';
import { parseArn } from '@streamlab/kit/arn';
import type { Clients } from './clients.ts';
import { withQualifier } from './rules/function-references.ts';

/** String/Number message attributes (the shape SQS and SNS both accept). */
export type Attributes = Record<string, { DataType: string; StringValue: string }>;

/** What an EventBridge destination needs beyond the record: which function, and whether it succeeded. */
export interface EventContext {
  functionArn: string;
  success: boolean;
}

/**
 * Lambda sends with the function's execution role (it needs sqs:SendMessage,
 * sns:Publish, lambda:InvokeFunction or events:PutEvents on the destination);
 * `admin` only finds the queue's URL, which Lambda knows from the ARN.
 */
export async function sendToDestination(clients: { role: Clients; admin: Clients }, arn: string, document: unknown, attributes?: Attributes, event?: EventContext): Promise<void> {
  const body = JSON.stringify(document);
  const { service } = parseArn(arn);
  if (service === 'sqs') {
    await clients.role.sqs.send(new SendMessageCommand({ QueueUrl: await queueUrlOf(clients.admin.sqs, arn), MessageBody: body, MessageAttributes: attributes }));
  } else if (service === 'sns') {
    await clients.role.sns.send(new PublishCommand({ TopicArn: arn, Message: body, MessageAttributes: attributes }));
  } else if (service === 'lambda') {
    await clients.role.lambda.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: Buffer.from(body) }));
  } else if (service === 'events') {
    const outcome = event?.success ? 'Success' : 'Failure';
    const { FailedEntryCount, Entries } = await clients.role.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: arn,
            Source: 'lambda',
            DetailType: `Lambda Function Invocation Result - ${outcome}`,
            Resources: event ? [withQualifier(event.functionArn), arn] : [arn],
            Detail: body,
          },
        ],
      }),
    );
    if (FailedEntryCount) throw new Error(`PutEvents to ${arn} failed: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
  } else {
    throw new Error(`unsupported destination ${arn}`);
  }
}
