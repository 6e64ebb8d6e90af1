// Two handlers in one package, as in "Capturing records of Lambda asynchronous invocations":
// worker fails when asked to; recorder stores each invocation record it receives as its event.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const worker = async (event) => {
  if (event.fail) throw new Error(`order ${event.id} was refused`);
  return { processed: event.id };
};

export const recorder = async (record) => {
  await dynamodb.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { id: { S: record.requestPayload.id }, condition: { S: record.requestContext.condition }, response: { S: JSON.stringify(record.responsePayload) } },
    }),
  );
};
