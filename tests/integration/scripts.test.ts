// Every script answers bad input with one line and exit code 2, and a missing
// deployment with one line that says to run `make apply`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '@streamlab/kit/target';

// Every script in scripts/, so a new one is covered without editing this list.
const SCRIPTS = readdirSync(join(REPO_ROOT, 'scripts'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

function runScript(name: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, STREAMLAB_INSTANCE: 'test', ...env },
  });
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

for (const name of SCRIPTS) {
  test(`${name}: an unknown flag gives one line and exit 2`, () => {
    const r = runScript(name, ['--bogus']);
    assert.is(r.code, 2);
    assert.is(r.stderr.split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /bogus/);
  });

  test(`${name}: a bad --target gives one line and exit 2`, () => {
    const r = runScript(name, ['--target', 'mars']);
    assert.is(r.code, 2);
    assert.match(r.stderr, /--target must be local or aws/);
  });

  test(`${name}: --help shows an example and exits 0`, () => {
    const r = runScript(name, ['--help']);
    assert.is(r.code, 0);
    assert.match(r.stdout, /Examples:/);
  });
}

test('insert-messages: a bad --count gives one line and exit 2', () => {
  const r = runScript('insert-messages', ['--count', 'lots']);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'insert-messages.ts: --count must be a whole number, not "lots" (see --help)');
});

test('insert-messages: an empty --text gives exit 2', () => {
  assert.is(runScript('insert-messages', ['--text', '']).code, 2);
});

test('insert-messages: a reply to an unknown message is refused before writing', () => {
  const r = runScript('insert-messages', ['--reply-to', 'no-such-id', '--text', 'hi']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /no such message/);
});

test('publish-order: a bad --count and an unknown --queue give exit 2', () => {
  assert.is(runScript('publish-order', ['--count', '0']).code, 2);
  assert.is(runScript('publish-order', ['--invalid', 'x']).code, 2);
  const r = runScript('dlq', ['--queue', 'nope']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--queue must be one of orders, /);
  assert.is(runScript('dlq', ['--redrive']).code, 2);
});

test('lab 3 scripts: bad values give one line and exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['send-webhook', ['--client', 'fax'], /--client must be whatsapp or web/],
    ['send-webhook', ['--duplicate', '1'], /--duplicate must be between 2 and 20/],
    ['send-webhook', ['--concurrent'], /--concurrent needs --duplicate/],
    ['send-webhook', ['--bad', 'nope'], /--bad must be one of/],
    ['send-webhook', ['--phone', '12345'], /--phone must be an E\.164 number/],
    ['send-webhook', ['--media', '11'], /--media must be between 0 and 10/],
    ['run-stale', ['--older-than=-1'], /--older-than must be between 0/],
    ['migrate', [], /--to must be sns or sqs, not missing/],
    ['migrate', ['--to', 'kafka'], /--to must be sns or sqs, not "kafka"/],
    ['dlq', ['--purge'], /--purge needs --queue/],
    ['run-stale', ['--older-than', '-1'], /--older-than needs a value; for a value that starts with "-", write --older-than=VALUE/],
    ['compare-delivery', ['--burst', '0'], /--burst must be between 1 and 2000/],
  ];
  for (const [name, args, message] of cases) {
    const r = runScript(name, args);
    assert.is(r.code, 2, `${name} ${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('a missing deployment says to run make apply, without a stack trace (every script that needs one)', () => {
  // terraform-summary reads Terraform's output on stdin (make apply), and zip-function a folder: neither needs a deployment.
  for (const name of SCRIPTS.filter((n) => !['trace', 'outbox', 'terraform-summary', 'zip-function'].includes(n))) {
    const r = runScript(name, [], { STREAMLAB_INSTANCE: 'never-applied' });
    assert.is(r.code, 1, `${name}: ${r.stderr}`);
    assert.is(r.stderr.split('\n').length, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /run `make apply`/, name);
  }
});

test('a stopped emulator gives one line that says to start it, without a stack trace', () => {
  // A copy of the test deployment's outputs whose endpoints point at a closed port.
  const dir = join(REPO_ROOT, '.streamlab', 'stopped-emulator');
  mkdirSync(dir, { recursive: true });
  const outputs = readFileSync(join(REPO_ROOT, '.streamlab', 'test', 'outputs.json'), 'utf8').replace(/127\.0\.0\.1:46\d\d/g, '127.0.0.1:4599');
  writeFileSync(join(dir, 'outputs.json'), outputs);
  try {
    for (const [name, args] of [['demo', []], ['insert-messages', []], ['publish-order', []], ['send-webhook', []], ['replies', []]] as [string, string[]][]) {
      const r = runScript(name, args, { STREAMLAB_INSTANCE: 'stopped-emulator' });
      assert.is(r.code, 1, `${name}: ${r.stderr}`);
      assert.is(r.stderr.split('\n').length, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /cannot reach the local emulator: start it with `make up`/, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('edit-message edits and deletes a message, table lists it, logs shows the processor\'s log', () => {
  const r0 = runScript('insert-messages', ['--author', 'scripts-test', '--text', 'before the edit', '--json']);
  assert.is(r0.code, 0, r0.stderr);
  const id = (JSON.parse(r0.stdout) as { message_id: string }[])[0]!.message_id;
  const edited = runScript('edit-message', ['--id', id, '--text', 'after the edit']);
  assert.is(edited.code, 0, edited.stderr);
  assert.is(edited.stdout, `✓ edited ${id}: "before the edit" → "after the edit": expect a message_edited notification.`);
  const listed = runScript('table', ['--table', 'messages', '--where', `message_id=${id}`]);
  assert.is(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^streamlab-local-messages: 1 item\(s\) with message_id = /);
  assert.match(listed.stdout, /"text":"after the edit"/);
  const deleted = runScript('edit-message', ['--id', id, '--delete']);
  assert.is(deleted.stdout, `✓ deleted ${id} ("after the edit"): expect a message_deleted notification.`);
  const again = runScript('edit-message', ['--id', id, '--delete']);
  assert.is(again.code, 1);
  assert.match(again.stderr, /no such message/);
  const noTable = runScript('table', ['--table', 'nope']); // any table of the account is accepted: this one does not exist
  assert.is(noTable.code, 1);
  assert.match(noTable.stderr, /no table "nope" on the local target/);
  const logs = runScript('logs', ['--function', 'message-stream-processor', '--since', '1h']);
  assert.is(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /START RequestId: /);
  assert.is(runScript('logs', ['--function', 'x', '--since', 'yesterday']).code, 2);
});

test('insert-messages and end-to-end-test work against the deployment', () => {
  const inserted = runScript('insert-messages', ['--count', '2']);
  assert.is(inserted.code, 0, inserted.stderr);
  assert.match(inserted.stdout, /Inserted 2 message\(s\)/);
  const e2e = runScript('end-to-end-test', []);
  assert.is(e2e.code, 0, e2e.stdout + e2e.stderr);
  assert.match(e2e.stdout, /PASS: lab 1 end to end/);
});

test.run();
