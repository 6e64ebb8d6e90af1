// `make build`: bundles every Lambda (lambdas/<name>/index.ts) into
// build/lambdas/<name>.zip. The same bytes go to AWS and to the emulator.
// Every `make apply` runs it (a make test run started it 11 times in its
// first 11 minutes), so it bundles only when a source changed: the digest of
// the sources is kept beside the zips, and equal sources make equal zips.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundle, functionNames, sourcesDigest } from './bundle.ts';

const root = resolve(import.meta.dirname, '..');
const srcRoot = join(root, 'lambdas');
const outDir = join(root, 'build', 'lambdas');
const digestFile = join(outDir, '.sources.sha256');

mkdirSync(outDir, { recursive: true });
const started = performance.now();
const names = functionNames(srcRoot);
// The functions and the shared kit they import; the lock file for the packages,
// and what esbuild reads besides (the kit's exports, the compiler options).
const digest = sourcesDigest(root, ['lambdas', 'packages/kit/src'], ['package-lock.json', 'packages/kit/package.json', 'tsconfig.base.json']);
const zips = names.map((name) => join(outDir, `${name}.zip`));
const unchanged = existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest && zips.every((zip) => existsSync(zip));
const bytes = unchanged
  ? zips.reduce((sum, zip) => sum + statSync(zip).size, 0)
  : (await Promise.all(names.map((name) => bundle(srcRoot, name, outDir)))).reduce((sum, r) => sum + r.bytes, 0);
if (!unchanged) writeFileSync(digestFile, digest);
// One line; `ls -l build/lambdas` has the sizes.
const took = unchanged ? 'unchanged since the last build' : `in ${Math.round(performance.now() - started)} ms`;
console.log(`build: ${names.length} Lambda bundles in build/lambdas/ (${(bytes / 1024).toFixed(0)} KiB) ${took}`);
