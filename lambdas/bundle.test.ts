import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundle, sourcesDigest } from './bundle.ts';

test('a bundled function with NODE_OPTIONS=--enable-source-maps reports errors at their TypeScript line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-bundle-'));
  try {
    mkdirSync(join(dir, 'src', 'thrower'), { recursive: true });
    writeFileSync(join(dir, 'src', 'thrower', 'fail.ts'), "export function fail(): never {\n  // line 3 throws\n  throw new Error('boom');\n}\n");
    writeFileSync(join(dir, 'src', 'thrower', 'index.ts'), "import { fail } from './fail.ts';\nexport const handler = async () => fail();\n");
    const { zipPath } = await bundle(join(dir, 'src'), 'thrower', dir);
    const files = unzipSync(readFileSync(zipPath));
    assert.equal(Object.keys(files).sort(), ['index.js', 'index.js.map']);
    mkdirSync(join(dir, 'task'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, 'task', name), bytes);
    const run = spawnSync(process.execPath, ['-e', "require('./index.js').handler().catch((e) => { console.log(e.stack); })"], {
      cwd: join(dir, 'task'),
      env: { ...process.env, NODE_OPTIONS: '--enable-source-maps' },
      encoding: 'utf8',
    });
    assert.match(run.stdout, /fail\.ts:3:\d+/, run.stdout + run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a function's bundle keeps the AWS SDK commands it sends and drops the others", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-bundle-'));
  try {
    const { zipPath } = await bundle(import.meta.dirname, 'background-processor', dir);
    const code = new TextDecoder().decode(unzipSync(readFileSync(zipPath))['index.js']);
    assert.ok(code.includes('"PutItem"'), 'PutItem, which the processor sends, is in the bundle');
    // Built from the SDK's CommonJS files, the bundle carried every DynamoDB command.
    assert.not.ok(code.includes('RestoreTableFromBackup'), 'a DynamoDB command the processor never sends is not');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sources digest changes with a source, a path or the lock file, and not with a test file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-digest-'));
  try {
    mkdirSync(join(dir, 'fns', 'a', 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'fns', 'a', 'index.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'lock.json'), '{}');
    const digest = () => sourcesDigest(dir, ['fns'], ['lock.json']);
    const first = digest();
    assert.is(digest(), first, 'the same sources give the same digest');
    writeFileSync(join(dir, 'fns', 'a', 'index.test.ts'), 'test');
    writeFileSync(join(dir, 'fns', 'a', 'node_modules', 'x.js'), 'x');
    assert.is(digest(), first, 'tests and node_modules are not sources');
    writeFileSync(join(dir, 'fns', 'a', 'index.ts'), 'export const a = 2;\n');
    const edited = digest();
    assert.is.not(edited, first, 'an edited source');
    writeFileSync(join(dir, 'fns', 'a', 'more.ts'), '');
    assert.is.not(digest(), edited, 'a new file, even empty');
    rmSync(join(dir, 'fns', 'a', 'more.ts'));
    writeFileSync(join(dir, 'lock.json'), '{"x":1}');
    assert.is.not(digest(), edited, 'the lock file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
