// Uses the AWS SDK for JavaScript v3 without bundling it: Lambda's Node.js runtimes include it.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event) => {
  await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { id: { S: event.id }, note: { S: 'written by a function with an unbundled SDK' } } }));
  return { stored: event.id };
};
