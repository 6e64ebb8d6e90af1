// Bundles the conformance suite's probe function(s) into build/conformance/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundle, functionNames } from '../../lambdas/bundle.ts';

const root = resolve(import.meta.dirname, '..', '..');
const srcRoot = join(root, 'tests', 'conformance', 'functions');
const outDir = join(root, 'build', 'conformance');
mkdirSync(outDir, { recursive: true });
for (const name of functionNames(srcRoot)) {
  const r = await bundle(srcRoot, name, outDir);
  console.log(`  built build/conformance/${r.name}.zip  ${(r.bytes / 1024).toFixed(1)} KiB`);
}
