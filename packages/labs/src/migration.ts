// Lab 3's migration between ingest paths as careful teams run it: expand (the
// new path beside the old, the processor consuming both), switch (the
// publishers), drain (the old path verified empty), contract (remove it).
// Rollback is the same steps towards the other path. Each apply step is a
// terraform apply of delivery_mode and ingest_paths; this file only plans.
import type { IngestPath, Lab3Vars } from './lab3-apply.ts';

export type Step =
  | { name: 'expand' | 'switch' | 'contract'; vars: Lab3Vars; why: string }
  | { name: 'drain'; path: IngestPath; why: string };

export interface Deployed {
  delivery_mode: IngestPath;
  ingest_paths: IngestPath[];
}

/** The steps still to run from `now` to a deployment with only `to`; empty when it is there. */
export function migrationSteps(now: Deployed, to: IngestPath): Step[] {
  const steps: Step[] = [];
  const both = [...new Set([...now.ingest_paths, to])];
  const old = both.filter((p) => p !== to);
  if (!now.ingest_paths.includes(to)) {
    steps.push({ name: 'expand', vars: { delivery_mode: now.delivery_mode, ingest_paths: both }, why: `deploy the ${to} path beside ${old.join(', ')}; the processor consumes from both, the webhook still publishes to ${now.delivery_mode}` });
  }
  if (now.delivery_mode !== to) {
    steps.push({ name: 'switch', vars: { delivery_mode: to, ingest_paths: both }, why: `point the webhook and the stale processor at ${to}; ${old.join(', ')} keeps being consumed` });
  }
  for (const path of old) steps.push({ name: 'drain', path, why: `wait until nothing publishes to ${path}, nothing waits in it and its DLQ is empty` });
  if (old.length > 0) steps.push({ name: 'contract', vars: { delivery_mode: to }, why: `remove ${old.join(', ')} (Terraform checks the drain once more before it deletes anything)` });
  return steps;
}
