// `make build`: bundles every Lambda (lambdas/<name>/index.ts) into
// build/lambdas/<name>.zip. The same bytes go to AWS and to the emulator.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundle, functionNames } from './bundle.ts';

const root = resolve(import.meta.dirname, '..');
const srcRoot = join(root, 'lambdas');
const outDir = join(root, 'build', 'lambdas');

mkdirSync(outDir, { recursive: true });
const started = performance.now();
const results = await Promise.all(functionNames(srcRoot).map((name) => bundle(srcRoot, name, outDir)));
for (const r of results) console.log(`  built build/lambdas/${r.name}.zip  ${(r.bytes / 1024).toFixed(1)} KiB`);
console.log(`  ${results.length} Lambda bundle(s) in ${Math.round(performance.now() - started)} ms`);
