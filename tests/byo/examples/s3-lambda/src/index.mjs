// Records each uploaded object ("Using an Amazon S3 trigger to invoke a Lambda function").
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const handler = async (event) => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    await dynamodb.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: { key: { S: key }, size: { N: String(record.s3.object.size) }, bucket: { S: record.s3.bucket.name }, event: { S: record.eventName } },
      }),
    );
  }
};
