import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { logLine, Summary, type TfEvent } from './terraform-events.ts';

const progress = (addr: string, type: string, elapsed: number): TfEvent => ({
  type: 'apply_progress',
  '@message': `${addr}: Still creating... [${elapsed}s elapsed]`,
  hook: { resource: { addr, resource_type: type }, action: 'create', elapsed_seconds: elapsed },
});

test('the summary: plan and result lines, each slow kind explained once, no command lines', () => {
  const s = new Summary();
  const out = [
    { type: 'change_summary', '@message': 'Plan: 68 to add, 0 to change, 0 to destroy.' },
    progress('module.lab1.aws_sqs_queue.a', 'aws_sqs_queue', 10),
    progress('module.lab1.aws_sqs_queue.b', 'aws_sqs_queue', 10),
    progress('module.lab1.aws_sqs_queue.a', 'aws_sqs_queue', 20),
    progress('module.lab3.aws_thing.x', 'aws_thing', 20),
    { type: 'apply_complete', '@message': 'module.lab1.aws_sqs_queue.a: Creation complete after 25s [id=q]' },
    { type: 'provision_progress', hook: { resource: { addr: 'module.lab3.terraform_data.sqs_path[0]' }, provisioner: 'local-exec', output: 'Executing: ["/bin/sh" "-c" "secret"]' } },
    { type: 'provision_progress', hook: { resource: { addr: 'module.lab3.terraform_data.sqs_path[0]' }, provisioner: 'local-exec', output: 'q: drained after 0.5 s' } },
    { type: 'change_summary', '@message': 'Apply complete! Resources: 68 added, 0 changed, 0 destroyed.' },
  ].flatMap((e) => s.lines(e as TfEvent));
  assert.equal(out, [
    'Plan: 68 to add, 0 to change, 0 to destroy.',
    "  waiting 10 s so far: the AWS provider checks that each new or changed SQS queue's attributes have settled (about 25 s, queues in parallel)",
    '  waiting 20 s so far: module.lab3.aws_thing.x is still being created',
    '  terraform_data.sqs_path[0]: q: drained after 0.5 s',
    'Apply complete! Resources: 68 added, 0 changed, 0 destroyed.',
  ]);
  assert.is(s.errors, 0);
});

test('an error is printed in full, with the line and the values', () => {
  const s = new Summary();
  const out = s.lines({
    type: 'diagnostic',
    diagnostic: {
      severity: 'error',
      summary: 'Resource precondition failed',
      detail: 'The OrderProcessor timeout must not exceed the visibility timeout.',
      range: { filename: 'modules/lab-2-orders/main.tf', start: { line: 99 } },
      snippet: { context: 'resource "aws_lambda_event_source_mapping" "order_queue"', code: '      condition = var.a <= var.b', start_line: 99, values: [{ traversal: 'var.a', statement: 'is 5' }] },
    },
  });
  assert.equal(out.join('\n'), [
    '', 'Error: Resource precondition failed', '',
    '  on modules/lab-2-orders/main.tf line 99, in resource "aws_lambda_event_source_mapping" "order_queue":',
    '  99: condition = var.a <= var.b', '    var.a is 5', '', 'The OrderProcessor timeout must not exceed the visibility timeout.', '',
  ].join('\n'));
  assert.is(s.errors, 1);
});

test('the full log keeps Terraform\'s text-mode wording, local-exec output included', () => {
  assert.is(logLine({ '@message': 'x: Creation complete after 1s' }), 'x: Creation complete after 1s');
  assert.is(
    logLine({ type: 'provision_progress', hook: { resource: { addr: 'module.lab3.terraform_data.sqs_path[0]' }, provisioner: 'local-exec', output: 'drained' } }),
    'module.lab3.terraform_data.sqs_path[0] (local-exec): drained',
  );
});

test.run();
