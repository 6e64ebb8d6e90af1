// Records each object S3 queued. The first message of a new configuration is
// S3's test event, which names no object: it is skipped.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const handler = async (event) => {
  for (const message of event.Records) {
    const body = JSON.parse(message.body);
    if (body.Event === 's3:TestEvent') continue;
    for (const record of body.Records) {
      await dynamodb.send(
        new PutItemCommand({
          TableName: process.env.TABLE_NAME,
          Item: { key: { S: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')) }, size: { N: String(record.s3.object.size) } },
        }),
      );
    }
  }
};
