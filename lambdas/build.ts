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
// One line; `ls -l build/lambdas` has the sizes.
const kib = results.reduce((sum, r) => sum + r.bytes, 0) / 1024;
console.log(`build: ${results.length} Lambda bundles in build/lambdas/ (${kib.toFixed(0)} KiB) in ${Math.round(performance.now() - started)} ms`);
