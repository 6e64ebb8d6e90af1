// SDK clients of the runtime itself, pointed at the emulator.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { RuntimeConfig } from './config.ts';

/** The account administrator's credentials on the emulator (the runtime's own bookkeeping). */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

type Credentials = typeof EMULATOR_CREDENTIALS | (() => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>);

/** SDK clients of the runtime: as the administrator, or as a function's execution role (`credentials`). */
export function createClients(config: Pick<RuntimeConfig, 'endpoint' | 'region'>, credentials: Credentials = EMULATOR_CREDENTIALS) {
  const settings = { endpoint: config.endpoint, region: config.region, credentials };
  return {
    sts: new STSClient(settings),
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
