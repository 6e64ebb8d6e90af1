// The AWS side of ingest-drain.ts: reads the publishing functions'
// configuration and the path's queue depths with the SDK (any endpoint, so the
// same code runs on AWS, on the emulator and in the rehearsal).
import { GetFunctionConfigurationCommand, ResourceNotFoundException, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PathProbe, Publisher } from './ingest-drain.ts';

export type IngestPath = 'sns' | 'sqs';

export interface ProbeInput {
  path: IngestPath;
  /** The topic ARN (sns) or the queue URL (sqs). */
  address: string;
  /** The subscription DLQ (sns) or the queue's DLQ (sqs). */
  dlqUrl: string;
  publisherNames: string[];
}

const ENV_KEY: Record<IngestPath, string> = { sns: 'INGEST_TOPIC_ARN', sqs: 'INGEST_QUEUE_URL' };

async function queueCount(sqs: SQSClient, url: string, names: ('ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' | 'ApproximateNumberOfMessagesDelayed')[]): Promise<number> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }));
  return names.reduce((sum, n) => sum + Number(Attributes[n] ?? 0), 0);
}

export function ingestProbe(input: ProbeInput, clients: { lambda: LambdaClient; sqs: SQSClient }): PathProbe {
  const name = input.address.split(/[/:]/).at(-1);
  return {
    label: input.path === 'sqs' ? `the ingest queue ${name}` : `the ingest topic ${name}`,
    redriveHint:
      input.path === 'sqs'
        ? 'move them back (npx tsx scripts/dlq.ts --queue webhook-ingest --redrive) or delete them on purpose (--purge), then try again'
        : 'republish them (npx tsx scripts/dlq.ts --queue webhook-subscription --redrive) or delete them on purpose (--purge), then try again',
    async publishers(): Promise<Publisher[]> {
      const found: Publisher[] = [];
      for (const fn of input.publisherNames) {
        try {
          const c = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
          const env = c.Environment?.Variables ?? {};
          found.push({
            name: fn,
            targetsPath: env['DELIVERY_MODE'] === input.path && env[ENV_KEY[input.path]] === input.address,
            lastModifiedMs: Date.parse(c.LastModified ?? '') || 0,
            timeoutSeconds: c.Timeout ?? 3,
          });
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error; // deleted: publishes nothing
        }
      }
      return found;
    },
    backlog: () =>
      input.path === 'sqs'
        ? queueCount(clients.sqs, input.address, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'])
        : Promise.resolve(0), // SNS holds nothing: a message is handed to Lambda's async queue at once
    deadLetters: () => queueCount(clients.sqs, input.dlqUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']),
  };
}
