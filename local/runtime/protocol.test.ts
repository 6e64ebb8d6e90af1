import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatNudge, parseNudge, portsOf } from './protocol.ts';

test('the shell scripts lay out an instance\'s ports as protocol.ts does (local/ports.sh)', () => {
  const shell = execFileSync('bash', ['-c', '. local/ports.sh; ports_of 4566; echo $nudge_port $runtime_port $console_port'], { encoding: 'utf8' }).trim();
  const { nudges, runtime, console } = portsOf(4566);
  assert.is(shell, `${nudges} ${runtime} ${console}`);
});

test('a nudge is "<kind> <arn>"; anything else is ignored', () => {
  const nudge = { kind: 'sqs' as const, arn: 'arn:aws:sqs:us-east-1:123456789012:OrderQueue' };
  assert.equal(parseNudge(formatNudge(nudge)), nudge);
  assert.equal(parseNudge('config awslambda'), { kind: 'config', arn: 'awslambda' });
  assert.is(parseNudge('sqs'), undefined);
  assert.is(parseNudge('poke arn:aws:sqs:us-east-1:1:q'), undefined);
  assert.is(parseNudge('sqs a b'), undefined);
});

test.run();
