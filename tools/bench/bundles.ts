// The Lambda bundles: zip size, the cost of downloading and unpacking it from
// the Lambda API, a cold start (a fresh execution environment: import the
// bundle, then one invocation) and a warm invocation, 3 each, run by the local
// runtime's own CodeStore and FunctionHost.
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianOf } from '@streamlab/kit/stats';
import type { Target } from '@streamlab/kit/target';
import { EMULATOR_CREDENTIALS } from '../../local/runtime/clients.ts';
import { CodeStore } from '../../local/runtime/code-store.ts';
import { FunctionHost } from '../../local/runtime/function-host.ts';
import { functionConfigOf } from '../../local/runtime/functions.ts';
import type { Bench } from './context.ts';
import { fmt, spread } from './report.ts';

async function bundles(target: Target): Promise<{ name: string; kib: number; unpackMs: number[]; coldMs: number[]; warmMs: number[] }[]> {
  const lambda = new LambdaClient(target.clientConfig);
  const cache = mkdtempSync(join(tmpdir(), 'streamlab-bench-code-'));
  const out = [];
  for (const [name, fn, event] of [
    ['message-stream-processor', target.lab1.processor_function_name, { Records: [] }],
    ['order-processor', target.lab2.processor_function_name, { Records: [] }],
    // A GET: the handler reads its secret (SSM) and answers 405, publishing nothing.
    ['webhook-handler', target.lab3.webhook_function_name, { version: '2.0', rawPath: '/', headers: {}, requestContext: { http: { method: 'GET', path: '/' } }, isBase64Encoded: false }],
    ['background-processor', target.lab3.processor_function_name, { Records: [] }],
    ['stale-message-processor', target.lab3.stale_function_name, { older_than_seconds: 86_400 }],
  ] as const) {
    const details = await lambda.send(new GetFunctionCommand({ FunctionName: fn }));
    const config = details.Configuration!;
    const ref = { codeSha256: config.CodeSha256!, location: details.Code!.Location! };
    const unpackMs: number[] = [];
    let codeDir = '';
    for (let i = 0; i < 3; i += 1) {
      const unpacked = await new CodeStore(join(cache, `${name}-${i}`)).task(ref); // a fresh cache each time
      unpackMs.push(unpacked.unpackMs);
      codeDir = unpacked.dir;
    }
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const host = new FunctionHost(functionConfigOf(config), {
        endpoint: target.endpoint!,
        region: target.region,
        credentials: async () => EMULATOR_CREDENTIALS,
        codeDir,
        log: () => undefined,
        logStream: 'bench',
        maxInstances: 1,
      });
      let t = performance.now();
      await host.invoke(event);
      coldMs.push(performance.now() - t);
      t = performance.now();
      await host.invoke(event);
      warmMs.push(performance.now() - t);
      host.close();
    }
    out.push({ name, kib: (config.CodeSize ?? 0) / 1024, unpackMs, coldMs, warmMs });
  }
  rmSync(cache, { recursive: true, force: true });
  return out;
}

export async function measureBundles({ target, report, log }: Bench): Promise<void> {
  log('Bundles: zip size, download + unpack from the Lambda API, cold start (new instance: import + first invocation) and warm invocation, 3 each');
  for (const b of await bundles(target)) {
    report.add(`${b.name}.zip`, `${fmt(b.kib, 1)} KiB`);
    report.add(`${b.name} download + unpack`, spread(medianOf(b.unpackMs), 0, ' ms'));
    report.add(`${b.name} cold start`, spread(medianOf(b.coldMs), 0, ' ms'));
    report.add(`${b.name} warm invocation`, spread(medianOf(b.warmMs), 1, ' ms'));
  }
}
