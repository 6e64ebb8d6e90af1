// Lambda's Node.js runtimes as the local runtime runs them: a cold start (a new
// execution environment on the runtime's Node binary: fork, load the handler,
// one invocation) and a warm invocation, for a minimal ES module handler on
// each supported runtime. (bundles.ts measures downloading and unpacking code.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianOf } from '@streamlab/kit/stats';
import { FunctionHost } from '../../local/runtime/function-host.ts';
import { NODE_RUNTIMES } from '../../local/runtime/lambda-env.ts';
import type { Bench } from './context.ts';
import { spread } from './report.ts';

async function coldAndWarm(runtime: string, codeDir: string, runs: number): Promise<{ coldMs: number[]; warmMs: number[] }> {
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const host = new FunctionHost(
      { name: 'bench-runtime', arn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-runtime', handler: 'index.handler', timeoutSec: 10, memoryMb: 128, environment: {}, codeSha256: 'bench', runtime },
      { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), codeDir, log: () => undefined, logStream: 'bench', maxInstances: 1 },
    );
    let t = performance.now();
    await host.invoke({});
    coldMs.push(performance.now() - t);
    t = performance.now();
    await host.invoke({});
    warmMs.push(performance.now() - t);
    host.close();
  }
  return { coldMs, warmMs };
}

export async function measureRuntimes({ runs, report, log }: Bench): Promise<void> {
  log('Runtimes: cold start (new environment + first invocation) and warm invocation per Node.js runtime');
  const codeDir = mkdtempSync(join(tmpdir(), 'streamlab-bench-runtime-'));
  writeFileSync(join(codeDir, 'index.mjs'), 'export const handler = async () => process.version;\n');
  for (const runtime of Object.keys(NODE_RUNTIMES)) {
    const { coldMs, warmMs } = await coldAndWarm(runtime, codeDir, Math.max(3, runs));
    report.add(`${runtime} cold start`, spread(medianOf(coldMs), 0, ' ms'));
    report.add(`${runtime} warm invocation`, spread(medianOf(warmMs), 1, ' ms'));
  }
  rmSync(codeDir, { recursive: true, force: true });
}
