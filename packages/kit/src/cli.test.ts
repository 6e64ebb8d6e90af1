import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { intOption, parseCli, textOption } from './cli.ts';
import { UsageError } from './errors.ts';

const spec = { summary: 's', usage: [], examples: [], options: { count: { type: 'string' as const } } };

test('--target defaults to local and accepts aws', () => {
  assert.is(parseCli(spec, []).target, 'local');
  assert.is(parseCli(spec, ['--target', 'aws']).target, 'aws');
});

test('an unknown target, an unknown flag or a positional is a UsageError', () => {
  for (const argv of [['--target', 'gcp'], ['--nope'], ['stray']]) {
    assert.throws(() => parseCli(spec, argv), (e: Error) => e instanceof UsageError);
  }
});

test('a value that starts with "-" is explained, not called ambiguous', () => {
  assert.throws(() => parseCli(spec, ['--count', '-3']), (e: Error) => e instanceof UsageError && e.message === '--count needs a value; for a value that starts with "-", write --count=VALUE');
  assert.is(parseCli(spec, ['--count=-3']).count, '-3');
});

test('intOption checks form and range', () => {
  assert.is(intOption('count', undefined, 3, 1, 10), 3);
  assert.is(intOption('count', '7', 3, 1, 10), 7);
  assert.throws(() => intOption('count', 'abc', 3, 1, 10), /--count must be a whole number/);
  assert.throws(() => intOption('count', '11', 3, 1, 10), /--count must be between 1 and 10/);
});

test('textOption refuses empty and too long values', () => {
  assert.throws(() => textOption('author', ' ', 5), /must not be empty/);
  assert.throws(() => textOption('author', 'abcdef', 5), /at most 5 characters/);
  assert.is(textOption('author', 'abc', 5), 'abc');
});

test.run();
