// SDK clients, created once per execution environment and reused by warm
// invocations. The SDK reads the region from AWS_REGION and, on the local
// target, the emulator's address from AWS_ENDPOINT_URL (set by the runtime).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export const dynamodb = new DynamoDBClient({});
export const sns = new SNSClient({});
export const sqs = new SQSClient({});
