// Bundles each Lambda (lambdas/<name>/index.ts) with esbuild and zips it
// deterministically into build/lambdas/<name>.zip. The same bytes go to AWS
// and to the local emulator; equal sources give an equal zip, so Terraform's
// source_code_hash only changes when the code does.
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'build', 'lambdas');
// A fixed timestamp keeps the zip identical across builds (zip can't store 1970).
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

export function lambdaNames(): string[] {
  return readdirSync(join(root, 'lambdas'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'lambdas', d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

async function bundle(name: string): Promise<{ name: string; bytes: number }> {
  const result = await build({
    entryPoints: [join(root, 'lambdas', name, 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
    outfile: 'index.js',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of result.outputFiles) {
    const fileName = file.path.endsWith('.map') ? 'index.js.map' : 'index.js';
    files[fileName] = [file.contents, { mtime: FIXED_MTIME }];
  }
  const zip = zipSync(files, { level: 9 });
  const zipPath = join(outDir, `${name}.zip`);
  const previous = existsSync(zipPath) ? readFileSync(zipPath) : undefined;
  if (!previous || !Buffer.from(zip).equals(previous)) writeFileSync(zipPath, zip);
  return { name, bytes: zip.byteLength };
}

mkdirSync(outDir, { recursive: true });
const started = performance.now();
const results = await Promise.all(lambdaNames().map(bundle));
for (const r of results) {
  console.log(`  built build/lambdas/${r.name}.zip  ${(r.bytes / 1024).toFixed(1)} KiB`);
}
console.log(`  ${results.length} Lambda bundle(s) in ${Math.round(performance.now() - started)} ms`);
