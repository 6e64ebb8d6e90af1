// Finds the zip Terraform deployed for a function and unpacks it once.
// moto cannot return a function's code, but it does return CodeSha256, the
// base64 SHA-256 of the zip; matching it against build/lambdas/*.zip proves we
// run exactly the bytes that were deployed.
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class CodeStore {
  private readonly bySha = new Map<string, string>();

  constructor(private readonly buildDirs: string[], private readonly unpackDir: string) {}

  /** Re-hashes the zips in the build folders (cheap: a handful of small files). */
  private scan(): void {
    for (const dir of this.buildDirs) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!name.endsWith('.zip')) continue;
        const sha = createHash('sha256').update(readFileSync(join(dir, name))).digest('base64');
        this.bySha.set(sha, join(dir, name));
      }
    }
  }

  /** Folder holding the unpacked code whose zip has this CodeSha256, or undefined. */
  resolve(codeSha256: string): string | undefined {
    if (!this.bySha.has(codeSha256)) this.scan();
    const zipPath = this.bySha.get(codeSha256);
    if (!zipPath) return undefined;
    const dir = join(this.unpackDir, codeSha256.replace(/[/+=]/g, '_'));
    if (existsSync(dir)) return dir;
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    for (const [file, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
      if (file.endsWith('/')) continue;
      const target = join(tmp, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another runtime instance unpacked the same zip first: use theirs.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
    return dir;
  }
}
