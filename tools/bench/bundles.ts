// The Lambda bundles: zip size, a cold start (a fresh execution environment:
// import the bundle, then one invocation) and a warm invocation, 3 each, run
// by the local runtime's own FunctionHost.
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianOf } from '@streamlab/kit/stats';
import { REPO_ROOT, type Target } from '@streamlab/kit/target';
import { EMULATOR_CREDENTIALS } from '../../local/runtime/clients.ts';
import { CodeStore } from '../../local/runtime/code-store.ts';
import { FunctionHost } from '../../local/runtime/function-host.ts';
import { functionConfigOf } from '../../local/runtime/functions.ts';
import type { Bench } from './context.ts';
import { fmt, spread } from './report.ts';

async function bundles(target: Target): Promise<{ name: string; kib: number; coldMs: number[]; warmMs: number[] }[]> {
  const lambda = new LambdaClient(target.clientConfig);
  const dir = join(REPO_ROOT, 'build', 'lambdas');
  const store = new CodeStore([dir], join(tmpdir(), 'streamlab-code'));
  const out = [];
  for (const [name, fn, event] of [
    ['message-stream-processor', target.lab1.processor_function_name, { Records: [] }],
    ['order-processor', target.lab2.processor_function_name, { Records: [] }],
    // A GET: the handler reads its secret (SSM) and answers 405, publishing nothing.
    ['webhook-handler', target.lab3.webhook_function_name, { version: '2.0', rawPath: '/', headers: {}, requestContext: { http: { method: 'GET', path: '/' } }, isBase64Encoded: false }],
    ['background-processor', target.lab3.processor_function_name, { Records: [] }],
    ['stale-message-processor', target.lab3.stale_function_name, { older_than_seconds: 86_400 }],
  ] as const) {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    const codeDir = store.resolve(config.CodeSha256!)!;
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
    out.push({ name, kib: statSync(join(dir, `${name}.zip`)).size / 1024, coldMs, warmMs });
  }
  return out;
}

export async function measureBundles({ target, report, log }: Bench): Promise<void> {
  log('Bundles: zip size, cold start (new instance: import + first invocation) and warm invocation, 3 each');
  for (const b of await bundles(target)) {
    report.add(`${b.name}.zip`, `${fmt(b.kib, 1)} KiB`);
    report.add(`${b.name} cold start`, spread(medianOf(b.coldMs), 0, ' ms'));
    report.add(`${b.name} warm invocation`, spread(medianOf(b.warmMs), 1, ' ms'));
  }
}
