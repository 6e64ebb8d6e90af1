import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { missingOutputs, REPO_ROOT, REQUIRED_OUTPUTS } from './target.ts';

const outputsTf = readFileSync(join(REPO_ROOT, 'terraform', 'outputs.tf'), 'utf8');
/** Each root output's name and its value expression (the text up to the next output block). */
const rootOutputs = [...outputsTf.matchAll(/output "([^"]+)" \{([\s\S]*?)(?=\noutput "|$)/g)].map((m) => ({ name: m[1]!, body: m[2]! }));

const complete = Object.fromEntries(REQUIRED_OUTPUTS.map((k) => [k, { value: k === 'endpoint' ? '' : 'x' }]));

test('every required output present (an empty endpoint included) is complete', () => {
  assert.equal(missingOutputs(complete), []);
});

test('an absent or null root output is reported', () => {
  const { endpoint: _, ...withoutEndpoint } = complete;
  assert.equal(missingOutputs(withoutEndpoint), ['endpoint']);
  assert.equal(missingOutputs({ ...complete, lab3: { value: null } }), ['lab3']);
});

test('the scripts read exactly the root outputs terraform/outputs.tf declares', () => {
  assert.equal(rootOutputs.map((o) => o.name).sort(), [...REQUIRED_OUTPUTS].sort());
});

test('no root output can be null on either target (terraform output -json would drop it)', () => {
  for (const { name, body } of rootOutputs) {
    const value = /\n\s*value\s*=\s*([^\n]*)/.exec(body)?.[1] ?? '';
    assert.not.match(value, /(^|[?:]\s*)null\b/, `output "${name}" can be null: ${value}`);
  }
});

test.run();
