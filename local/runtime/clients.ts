// SDK clients of the runtime itself, pointed at the emulator.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { RuntimeConfig } from './config.ts';

export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export function createClients(config: RuntimeConfig) {
  const settings = { endpoint: config.endpoint, region: config.region, credentials: EMULATOR_CREDENTIALS };
  return {
    lambda: new LambdaClient(settings),
    streams: new DynamoDBStreamsClient(settings),
    sqs: new SQSClient(settings),
    sns: new SNSClient(settings),
    logs: new CloudWatchLogsClient(settings),
    cloudwatch: new CloudWatchClient(settings),
    events: new EventBridgeClient(settings),
  };
}

export type Clients = ReturnType<typeof createClients>;
