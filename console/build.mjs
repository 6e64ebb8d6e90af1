// Builds the lab console into OUT_DIR (local/up.sh: .streamlab/<instance>/console):
// server.mjs, the Node server (packages stay in node_modules), and web/, the
// browser app bundled and minified by esbuild with its CSS.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = process.argv[2];
if (!out) throw new Error('usage: node console/build.mjs OUT_DIR');
mkdirSync(join(out, 'web'), { recursive: true });
await Promise.all([
  build({ entryPoints: [join(here, 'server', 'main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', sourcemap: 'linked', outfile: join(out, 'server.mjs'), logLevel: 'warning' }),
  build({ entryPoints: [join(here, 'web', 'main.ts')], bundle: true, platform: 'browser', target: 'es2022', format: 'esm', minify: true, sourcemap: 'linked', outfile: join(out, 'web', 'app.js'), logLevel: 'warning', metafile: false }),
]);
for (const file of ['index.html', 'style.css']) copyFileSync(join(here, 'web', file), join(out, 'web', file));
copyFileSync(join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'web', 'uPlot.min.css'));
