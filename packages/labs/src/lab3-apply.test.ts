import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseApplyOutput } from './lab3-apply.ts';

test('reads what an apply created, changed and destroyed, and what the drain guard said', () => {
  const output = [
    'module.lab3.aws_sns_topic.ingest[0]: Creating...',
    'module.lab3.aws_sns_topic.ingest[0]: Creation complete after 0s [id=arn:aws:sns:us-east-1:123456789012:t]',
    'module.lab3.module.webhook.aws_lambda_function.this: Modifications complete after 1s [id=w]',
    'module.lab3.terraform_data.sqs_path[0] (local-exec): Executing: ["/bin/sh" "-c" "tsx drain-ingest-path.ts sqs"]',
    'module.lab3.terraform_data.sqs_path[0] (local-exec): q: drained (nothing publishes to it, nothing waits in it, its DLQ is empty) after 0.5 s',
    'module.lab3.module.ingest_queue[0].aws_sqs_queue.this: Destruction complete after 0s',
    'Apply complete! Resources: 1 added, 1 changed, 1 destroyed.',
  ].join('\n');
  const { changes, checks } = parseApplyOutput(output);
  assert.equal(changes, [
    { action: 'created', address: 'aws_sns_topic.ingest[0]' },
    { action: 'changed', address: 'module.webhook.aws_lambda_function.this' },
    { action: 'destroyed', address: 'module.ingest_queue[0].aws_sqs_queue.this' },
  ]);
  assert.equal(checks, ['q: drained (nothing publishes to it, nothing waits in it, its DLQ is empty) after 0.5 s']);
});

test.run();
