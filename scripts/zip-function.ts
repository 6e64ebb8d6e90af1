// Zips a folder into a Lambda deployment package, for your own function's
// Terraform (`filename` and `source_code_hash`). The zip is reproducible: the
// same files give the same bytes, so Terraform sees a change only when the
// code changed. No `zip` program needed.
//
//   npx tsx scripts/zip-function.ts --from my-function/src --to my-function/build/function.zip
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';

// A fixed time for every entry (zip stores local time; 1980 is its epoch).
const MTIME = new Date(1980, 0, 1, 0, 0, 0);

function filesUnder(root: string, dir = root): [string, Uint8Array][] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(root, path);
      return [[relative(root, path).split('\\').join('/'), readFileSync(path)] as [string, Uint8Array]];
    });
}

async function main(): Promise<void> {
  const args = parseCli({
    summary: 'zips a folder into a reproducible Lambda deployment package',
    usage: ['  --from DIR   the folder whose contents go to the zip root', '  --to FILE    the zip to write (its folder is created)'],
    examples: ['npx tsx scripts/zip-function.ts --from my-function/src --to my-function/build/function.zip'],
    options: { from: { type: 'string' }, to: { type: 'string' } },
  });
  if (!args.from || !args.to) throw new UsageError('--from and --to are required');
  if (!statSync(args.from, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--from: no folder ${args.from}`);
  const files = filesUnder(args.from);
  if (files.length === 0) throw new UsageError(`--from: ${args.from} is empty`);
  const zip = zipSync(Object.fromEntries(files.map(([name, bytes]) => [name, [bytes, { mtime: MTIME }]])), { level: 9 });
  mkdirSync(dirname(args.to), { recursive: true });
  writeFileSync(args.to, zip);
  console.log(`${args.to}: ${files.length} file(s), ${(zip.length / 1024).toFixed(1)} KiB`);
}

run(main);
