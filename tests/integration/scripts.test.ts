// Every script answers bad input with one line and exit code 2, and a missing
// deployment with one line that says to run `make apply`.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '../../scripts/lib/target.ts';

const SCRIPTS = ['insert-messages', 'sns-test', 'end-to-end-test', 'confirm-subscription', 'outbox', 'status', 'demo', 'publish-order', 'orders', 'dlq', 'trace', 'bench'];

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

test('a missing deployment says to run make apply, without a stack trace', () => {
  const r = runScript('insert-messages', [], { STREAMLAB_INSTANCE: 'never-applied' });
  assert.is(r.code, 1);
  assert.is(r.stderr.split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /run `make apply`/);
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
