// A function's code and its layers, as the Lambda API holds them: downloaded
// from the Location that GetFunction (or GetLayerVersion) answers, checked
// against its CodeSha256, and unpacked once into a cache keyed by that hash.
// So whatever uploaded the zip (Terraform, the CLI, UpdateFunctionCode, an S3
// object), the runtime runs exactly those bytes.
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export interface CodeRef {
  codeSha256: string;
  location: string;
}

export interface Unpacked {
  dir: string;
  /** Time spent downloading and unpacking; 0 when the cache already held it. */
  unpackMs: number;
}

function cacheName(sha: string): string {
  return sha.replace(/[/+=]/g, '_');
}

/** Writes a zip's files under `target` (a missing target first), refusing paths that leave it. */
function extract(zip: Uint8Array, target: string): void {
  const root = resolve(target);
  for (const [file, bytes] of Object.entries(unzipSync(zip))) {
    if (file.endsWith('/')) continue;
    const path = resolve(root, file);
    if (!path.startsWith(root + sep)) throw new Error(`the zip holds a path outside its folder: ${file}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes, { mode: 0o755 });
  }
}

export class CodeStore {
  /** V8's compiled code of the unpacked modules, shared by every instance (bootstrap.cjs). */
  readonly compileCacheDir: string;

  constructor(private readonly cacheDir: string) {
    this.compileCacheDir = join(cacheDir, 'compile-cache');
  }

  private async download(ref: CodeRef): Promise<Uint8Array> {
    const response = await fetch(ref.location);
    if (!response.ok) throw new Error(`GET ${ref.location} answered ${response.status}`);
    const zip = new Uint8Array(await response.arrayBuffer());
    const sha = createHash('sha256').update(zip).digest('base64');
    if (sha !== ref.codeSha256) throw new Error(`the code at ${ref.location} has SHA-256 ${sha}, not the function's ${ref.codeSha256}`);
    return zip;
  }

  /** Builds `dir` once with `fill(tmp)`; a concurrent runtime instance that got there first wins. */
  private async once(dir: string, fill: (tmp: string) => Promise<void>): Promise<Unpacked> {
    if (existsSync(dir)) return { dir, unpackMs: 0 };
    const started = performance.now();
    const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      mkdirSync(tmp, { recursive: true });
      await fill(tmp);
      renameSync(tmp, dir);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
    return { dir, unpackMs: performance.now() - started };
  }

  /** The function's code, unpacked (Lambda's /var/task). */
  async task(ref: CodeRef): Promise<Unpacked> {
    return this.once(join(this.cacheDir, 'task', cacheName(ref.codeSha256)), async (tmp) => extract(await this.download(ref), tmp));
  }

  /**
   * The layers unpacked into one folder in their order, later ones overwriting
   * earlier files, as Lambda extracts them into /opt. Undefined without layers.
   */
  async opt(layers: CodeRef[]): Promise<Unpacked | undefined> {
    if (layers.length === 0) return undefined;
    const key = createHash('sha256').update(layers.map((l) => l.codeSha256).join(',')).digest('base64');
    return this.once(join(this.cacheDir, 'opt', cacheName(key)), async (tmp) => {
      for (const layer of layers) extract(await this.download(layer), tmp);
    });
  }
}
