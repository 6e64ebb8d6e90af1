// Stores each order event the rule delivers ("Tutorial: Create an EventBridge rule that targets a Lambda function").
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const handler = async (event) => {
  await dynamodb.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { orderId: { S: event.detail.orderId }, source: { S: event.source }, detailType: { S: event['detail-type'] } },
    }),
  );
};
