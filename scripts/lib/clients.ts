// SDK clients for a target, created once per script.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Target } from './target.ts';

export function clientsFor(target: Target) {
  return {
    dynamodb: new DynamoDBClient(target.clientConfig),
    sns: new SNSClient(target.clientConfig),
    sqs: new SQSClient(target.clientConfig),
  };
}

export type ScriptClients = ReturnType<typeof clientsFor>;
