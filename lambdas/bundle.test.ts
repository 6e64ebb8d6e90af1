import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundle } from './bundle.ts';

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

test.run();
