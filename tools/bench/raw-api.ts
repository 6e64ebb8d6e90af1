// Raw API loops for `make bench`: the same sequential calls against any
// emulator endpoint, with the same SDK clients, so two emulators compare fairly.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, DeleteTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { EMULATOR_CREDENTIALS } from '../../local/runtime/clients.ts';
import { topicMaySendPolicy } from '@streamlab/kit/queues';

// "Publish" delivers the SNS envelope, which SNS signs (RSA-2048; MiniStack
// writes "FAKE"), "Publish raw" a raw delivery, which has no envelope: the two
// side by side show what a real signature costs.
export type RawCall = 'PutItem' | 'SendMessage' | 'Publish' | 'Publish raw';
export const RAW_CALLS: RawCall[] = ['PutItem', 'SendMessage', 'Publish', 'Publish raw'];

/** Requests per second of `n` sequential calls of each kind against `endpoint`. */
export async function rawLoops(endpoint: string, n: number): Promise<Record<RawCall, number>> {
  const config = { endpoint, region: 'us-east-1', credentials: EMULATOR_CREDENTIALS };
  const dynamodb = new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  const sns = new SNSClient(config);
  const name = `bench-raw-${randomUUID().slice(0, 8)}`;
  const timed = async (call: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 50; i += 1) await call(-1 - i); // warm the connection, the JIT and the code paths
    const t = performance.now();
    for (let i = 0; i < n; i += 1) await call(i);
    return n / ((performance.now() - t) / 1000);
  };

  await dynamodb.send(new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName: name });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { QueueUrl: subscriberUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-sub` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: subscriberUrl, AttributeNames: ['QueueArn'] }));
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: subscriberUrl, Attributes: { Policy: topicMaySendPolicy(Attributes!['QueueArn']!, TopicArn!) } }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!['QueueArn'] }));
  const { TopicArn: rawTopicArn } = await sns.send(new CreateTopicCommand({ Name: `${name}-raw` }));
  const { QueueUrl: rawUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-raw` }));
  const { Attributes: rawAttributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: rawUrl, AttributeNames: ['QueueArn'] }));
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: rawUrl, Attributes: { Policy: topicMaySendPolicy(rawAttributes!['QueueArn']!, rawTopicArn!) } }));
  await sns.send(new SubscribeCommand({ TopicArn: rawTopicArn, Protocol: 'sqs', Endpoint: rawAttributes!['QueueArn'], Attributes: { RawMessageDelivery: 'true' } }));
  try {
    const body = JSON.stringify({ text: 'a raw benchmark message of about a hundred bytes, like a lab notification', n: 0 });
    return {
      PutItem: await timed((i) => dynamodb.send(new PutItemCommand({ TableName: name, Item: { id: { S: `item-${i}` }, text: { S: body } } }))),
      SendMessage: await timed(() => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }))),
      Publish: await timed(() => sns.send(new PublishCommand({ TopicArn, Message: body }))),
      'Publish raw': await timed(() => sns.send(new PublishCommand({ TopicArn: rawTopicArn, Message: body }))),
    };
  } finally {
    await Promise.allSettled([
      dynamodb.send(new DeleteTableCommand({ TableName: name })),
      sqs.send(new DeleteQueueCommand({ QueueUrl })),
      sqs.send(new DeleteQueueCommand({ QueueUrl: subscriberUrl })),
      sqs.send(new DeleteQueueCommand({ QueueUrl: rawUrl })),
      sns.send(new DeleteTopicCommand({ TopicArn })),
      sns.send(new DeleteTopicCommand({ TopicArn: rawTopicArn })),
    ]);
    for (const client of [dynamodb, sqs, sns]) client.destroy();
  }
}
