// Stores the reminder the schedule sends, with the schedule that sent it.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const handler = async (event) => {
  await dynamodb.send(
    new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { id: { S: event.id }, text: { S: event.text }, schedule: { S: event.schedule } } }),
  );
};
