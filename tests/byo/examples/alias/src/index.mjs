// Reports how it was invoked: the version that ran, how its environment was
// initialised and the ARN the caller named (an alias's, a version's or none).
// An SQS batch's report, and an EventBridge event's, go to the "seen" queue.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});

export const handler = async (event, context) => {
  const report = {
    version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionVersion: context.functionVersion,
    initializationType: process.env.AWS_LAMBDA_INITIALIZATION_TYPE,
    invokedFunctionArn: context.invokedFunctionArn,
  };
  if (event['detail-type']) {
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SEEN_QUEUE_URL, MessageBody: JSON.stringify({ ...report, body: JSON.stringify(event.detail) }) }));
    return;
  }
  if (!event.Records) return report;
  for (const record of event.Records) {
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SEEN_QUEUE_URL, MessageBody: JSON.stringify({ ...report, body: record.body }) }));
  }
};
