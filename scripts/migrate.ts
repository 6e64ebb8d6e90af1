// Lab 3: migrates the webhook's ingest between SQS polling and SNS push (and
// back) without losing or refusing a message: expand, switch, drain, contract,
// each a step you can watch. Run it again after a failed step: it resumes.
import { parseCli, run } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { applyLab3, varsFile, type Change, type IngestPath } from '@streamlab/labs/lab3-apply';
import { migrationSteps, type Step } from '@streamlab/labs/migration';
import { loadTarget, REPO_ROOT, type Target } from '@streamlab/kit/target';
import { drainPath } from '../terraform/helpers/ingest-drain.ts';
import { ingestProbe } from '../terraform/helpers/ingest-probe.ts';

const SYMBOL: Record<Change['action'], string> = { created: '+', changed: '~', destroyed: '-' };

async function drain(target: Target, path: IngestPath, log: (line: string) => void): Promise<void> {
  const lab3 = target.lab3;
  const address = path === 'sqs' ? lab3.ingest_queue_url : lab3.ingest_topic_arn;
  const dlqUrl = path === 'sqs' ? lab3.ingest_dlq_url : lab3.ingest_subscription_dlq;
  if (!address || !dlqUrl) throw new Error(`the ${path} path is not deployed: nothing to drain`);
  const probe = ingestProbe({ path, address, dlqUrl, publisherNames: [lab3.webhook_function_name, lab3.stale_function_name] }, clientsFor(target));
  const result = await drainPath(probe, { timeoutMs: 300_000, pollMs: 1000, emptyReads: 3, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log });
  if (!result.ok) throw new SetupError(`the drain check failed: ${result.problem}`);
  log(`✓ ${probe.label} is drained: nothing publishes to it, nothing waits in it, its DLQ is empty (checked in ${(result.waitedMs / 1000).toFixed(1)} s)`);
}

run(async () => {
  const args = parseCli({
    summary: "migrate lab 3's ingest to sns (push) or back to sqs (polling): expand, switch, drain, contract",
    usage: ['  --to sns|sqs         the path to end on (sns: the migration; sqs: the rollback)', '  --next               run only the next step, then say what remains'],
    examples: ['npx tsx scripts/migrate.ts --to sqs', 'npx tsx scripts/migrate.ts --to sns --next', 'npx tsx scripts/migrate.ts --to sns --target aws'],
    options: { to: { type: 'string' }, next: { type: 'boolean', default: false } },
  });
  let target = loadTarget(args.target);
  if (args.to !== 'sns' && args.to !== 'sqs') throw new UsageError(`--to must be sns or sqs, not ${args.to === undefined ? 'missing' : `"${args.to}"`}`);
  const to: IngestPath = args.to;
  const deployed = { delivery_mode: target.lab3.delivery_mode, ingest_paths: target.lab3.ingest_paths ?? [target.lab3.delivery_mode] };
  const steps = migrationSteps(deployed, to);
  if (steps.length === 0) {
    console.log(`Lab 3 on ${target.name} already delivers through ${to} only: nothing to do.`);
    return;
  }
  const from = deployed.ingest_paths.filter((p) => p !== to).join('+') || deployed.delivery_mode;
  console.log(`Lab 3 on ${target.name}: ${from} → ${to}, ${steps.length} step(s) to go (delivery_mode=${deployed.delivery_mode}, ingest_paths=${deployed.ingest_paths.join('+')}).`);
  const log = (line: string) => console.log(`    ${line}`);
  const run = args.next ? steps.slice(0, 1) : steps;
  const total = Date.now();
  for (const [i, step] of run.entries()) {
    console.log(`\n${i + 1}/${steps.length} ${step.name}: ${step.why}`);
    target = await runStep(target, step, log);
  }
  const rest = steps.slice(run.length);
  if (rest.length > 0) {
    console.log(`\nStopped after ${run.length} step(s); next: ${rest.map((s) => s.name).join(', ')}. Run the same command again to go on.`);
    return;
  }
  console.log(`\n✓ Lab 3 on ${target.name} delivers through ${to} only, in ${((Date.now() - total) / 1000).toFixed(0)} s. delivery_mode=${to} is remembered in ${varsFile(target).replace(`${REPO_ROOT}/`, '')}, so a later \`make apply\` keeps it.`);
});

async function runStep(target: Target, step: Step, log: (line: string) => void): Promise<Target> {
  if (step.name === 'drain') {
    await drain(target, step.path, log);
    return target;
  }
  const paths = step.vars.ingest_paths ? `, ingest_paths=${step.vars.ingest_paths.join('+')}` : '';
  log(`make apply with delivery_mode=${step.vars.delivery_mode}${paths} …`);
  const result = applyLab3(target, step.vars, `migrate-${step.name}`);
  for (const c of result.changes) log(`${SYMBOL[c.action]} ${c.address}`);
  for (const line of result.checks) log(`drain guard: ${line}`);
  const count = (a: Change['action']) => result.changes.filter((c) => c.action === a).length;
  log(`applied in ${result.seconds.toFixed(0)} s: ${count('created')} created, ${count('changed')} changed, ${count('destroyed')} destroyed`);
  return result.target;
}
