// SDK clients for a target, created once per script, each on first use.
//
// Each client package is one large CommonJS module that Node reads, and lexes
// for its exports, when it is loaded: importing all six here cost every script
// about 0.17 s of CPU at start-up, most scripts use two of them, and the test
// suites start scripts some 650 times. So a client's package is loaded when a
// script first asks for the client. require() shares its module with the
// scripts' own `import { …Command } from '@aws-sdk/client-…'` (the packages
// have no "exports" map: both read dist-cjs/index.js), so commands and
// clients are the same classes.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createRequire } from 'node:module';
import type { Account } from './target.ts';

const load = createRequire(import.meta.url);

export interface ScriptClients {
  readonly cloudwatch: CloudWatchClient;
  readonly dynamodb: DynamoDBClient;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

/** The value of `create()`, made on the first call. */
function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

export function clientsFor(target: Account): ScriptClients {
  const config = target.clientConfig;
  const cloudwatch = once(() => new (load('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch')).CloudWatchClient(config));
  const dynamodb = once(() => new (load('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb')).DynamoDBClient(config));
  const lambda = once(() => new (load('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda')).LambdaClient(config));
  const logs = once(() => new (load('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config));
  const sns = once(() => new (load('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns')).SNSClient(config));
  const sqs = once(() => new (load('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs')).SQSClient(config));
  return {
    get cloudwatch() {
      return cloudwatch();
    },
    get dynamodb() {
      return dynamodb();
    },
    get lambda() {
      return lambda();
    },
    get logs() {
      return logs();
    },
    get sns() {
      return sns();
    },
    get sqs() {
      return sqs();
    },
  };
}
