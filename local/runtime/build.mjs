// Bundles the local runtime (local/runtime/*.ts) into OUT_DIR/main.mjs (local/up.sh:
// .streamlab/<instance>/runtime, one per instance, so that instances starting
// at once do not rewrite each other's file), to run it on plain Node. Under a TypeScript loader (tsx)
// an esbuild helper process stays alive beside it and costs CPU while the lab
// sits idle. Packages stay in node_modules; source maps keep stack traces on
// the TypeScript lines.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node local/runtime/build.mjs OUT_DIR');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  outfile: join(out, 'main.mjs'),
  logLevel: 'warning',
});
// function-host.ts forks bootstrap.cjs from beside itself, and bootstrap.cjs registers esm-fallback.mjs beside it.
for (const file of ['bootstrap.cjs', 'esm-fallback.mjs']) copyFileSync(join(here, file), join(out, file));
