import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanOutput, matchShape, substitute } from './shape.ts';
import { localCommands, parseSteps } from './markdown.ts';

test('ids, times and durations are masked; words must match', () => {
  const doc = 'Inserted 1 message(s):\n  b5103916-d096-4300-878e-177906ae2820  alice    "Hi" at 2026-11-22T23:40:24.376Z in 67 ms';
  const run = 'Inserted 1 message(s):\n  0b7c3b0e-1111-4222-8333-444455556666  alice  "Hi" at 2026-12-02T01:02:03.004Z in 1203 ms\n';
  const result = matchShape(doc, run);
  assert.ok(result.ok);
  assert.equal(result.bindings.get('b5103916-d096-4300-878e-177906ae2820'), '0b7c3b0e-1111-4222-8333-444455556666');
  assert.not.ok(matchShape(doc, run.replace('alice', 'bob')).ok);
});

test('counts are compared unless the block says they vary', () => {
  const doc = 'Apply complete! Resources: 15 added, 0 changed, 0 destroyed.';
  const run = 'Apply complete! Resources: 68 added, 0 changed, 0 destroyed.';
  const result = matchShape(doc, run);
  assert.not.ok(result.ok);
  assert.equal(result.expected, doc);
  assert.equal(result.actual, run);
  assert.ok(matchShape(doc, run, { countsVary: true }).ok);
});

test('an ellipsis line stands for any lines, an ellipsis in a line for any text', () => {
  const doc = 'start\n...\n{"level":"INFO", … "event_type":"message_edited", …}\nend';
  assert.ok(matchShape(doc, 'start\nx\ny\n{"level":"INFO","a":1,"event_type":"message_edited","b":2}\nend').ok);
  assert.ok(matchShape(doc, 'start\n{"level":"INFO","event_type":"message_edited",}\nend').ok);
  assert.not.ok(matchShape(doc, 'start\n{"level":"INFO","event_type":"message_deleted"}\nend').ok);
  // The whole output must be accounted for: an extra last line is a difference.
  assert.not.ok(matchShape('a\nb', 'a\nb\nc').ok);
});

test('colour codes, carriage-return progress and blank lines are not compared', () => {
  assert.equal(cleanOutput('\x1b[32mok\x1b[0m\n\n  50%\rdone\n'), ['ok', 'done']);
  assert.ok(matchShape('ok\n\ndone', '\x1b[1mok\x1b[0m\ndone').ok);
});

test('hex ids and long numbers are masked, short words with digits are not', () => {
  assert.ok(matchShape('order-4ad62c05  user-42', 'order-9f00aa12  user-42').ok);
  assert.not.ok(matchShape('order-4ad62c05  user-42', 'order-9f00aa12  user-43').ok);
  assert.ok(matchShape('emulator: running (pid 9226)', 'emulator: running (pid 123456)').ok);
  assert.not.ok(matchShape('nodejs22.x', 'nodejs20.x').ok);
  assert.ok(matchShape('at "Wednesday 02 December, 2026 02:15:13 UTC".', 'at "Friday 04 December, 2026 11:00:01 UTC".').ok);
  assert.ok(matchShape('File: outbox/20261122T234024.402113-7c2a61f0.eml', 'File: outbox/20261202T044349.425660-51859ffc.eml').ok);
});

test('substitute puts the run\'s ids into later commands', () => {
  const b = new Map([['b5103916-d096-4300-878e-177906ae2820', 'NEW']]);
  assert.equal(substitute('x --reply-to b5103916-d096-4300-878e-177906ae2820 --text y', b), 'x --reply-to NEW --text y');
});

test('substitute never rewrites a run id it has put in (a shorter binding inside it)', () => {
  const b = new Map([
    ['ed9a5b3a-0ffa-4f68-995f-ef2ebcbd5619', '72e868cc-51b4-4568-8332-ed8a75b7143f'],
    ['4568', '4702'],
  ]);
  assert.equal(substitute('edit --id ed9a5b3a-0ffa-4f68-995f-ef2ebcbd5619 --port 4568', b), 'edit --id 72e868cc-51b4-4568-8332-ed8a75b7143f --port 4702');
});

test('a text block right after a bash block is its output; markers apply to the next block', () => {
  const md = [
    '# Lab', '<!-- docs-test: slow; until 90 s -->', '```bash', 'make apply', '```', '', '<!-- docs-test: counts vary -->', '```text', 'Apply complete!', '```',
    'Prose.', '```text', 'not an output', '```', '<!-- docs-test: aws -->', '```bash', 'make apply TARGET=aws', '```',
  ].join('\n');
  const steps = parseSteps('x.md', md);
  assert.equal(steps.length, 2);
  assert.equal(steps[0]!.marks, { slow: true, untilSeconds: 90 });
  assert.equal(steps[0]!.expected, { text: 'Apply complete!', line: 8, countsVary: true });
  assert.equal(steps[1]!.marks, { aws: true });
  assert.is(steps[1]!.expected, undefined);
  assert.throws(() => parseSteps('x.md', '<!-- docs-test: sloww -->\n```bash\nx\n```'), /unknown docs-test marker "sloww"/);
});

test('lines for the AWS target are left out, continuations joined', () => {
  assert.equal(localCommands('make apply   # deploy\nmake destroy TARGET=aws\naws x \\\n  --y z\n# note\nnpx tsx s.ts --target aws'), {
    run: ['make apply   # deploy', 'aws x --y z'],
    awsOnly: ['make destroy TARGET=aws', 'npx tsx s.ts --target aws'],
  });
});

test.run();
