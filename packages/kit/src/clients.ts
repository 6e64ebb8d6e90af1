// SDK clients for a target, created once per script.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Account } from './target.ts';

export function clientsFor(target: Account) {
  return {
    cloudwatch: new CloudWatchClient(target.clientConfig),
    dynamodb: new DynamoDBClient(target.clientConfig),
    lambda: new LambdaClient(target.clientConfig),
    logs: new CloudWatchLogsClient(target.clientConfig),
    sns: new SNSClient(target.clientConfig),
    sqs: new SQSClient(target.clientConfig),
  };
}

export type ScriptClients = ReturnType<typeof clientsFor>;
