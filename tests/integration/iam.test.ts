// Least privilege, checked on what Terraform deployed (`terraform show -json`
// of the test instance): no IAM statement may use "*" as its resource where
// AWS supports a narrower ARN. Each allowed exception says why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { target } from './harness.ts';

/** Actions that support no resource-level permissions, so "*" is their narrowest resource. */
const STAR_ALLOWED: Record<string, string> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
};

interface Resource {
  type: string;
  address: string;
  values: Record<string, unknown>;
}

function resources(module: { resources?: Resource[]; child_modules?: unknown[] } | undefined): Resource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap((m) => resources(m as typeof module))];
}

const state = JSON.parse(readFileSync(join(target.stateDir, 'state.json'), 'utf8')) as { values: { root_module: { resources?: Resource[]; child_modules?: unknown[] } } };
const all = resources(state.values.root_module);
const policies = all.filter((r) => ['aws_iam_role_policy', 'aws_iam_policy', 'aws_sqs_queue_policy', 'aws_sns_topic_policy', 'aws_kms_key'].includes(r.type));

/**
 * Key policies (lab 3's alerts key) are the other exception: there, Resource
 * must be "*" (it means the key itself), and the account root keeps kms:* so
 * the key can never become unmanageable (AWS's default key policy).
 */
function keyPolicyException(type: string, statement: { Principal?: { AWS?: string | string[] } }, actions: string[]): boolean {
  if (type !== 'aws_kms_key') return false;
  const root = ([] as string[]).concat(statement.Principal?.AWS ?? []).every((p) => p.endsWith(':root'));
  return actions.every((a) => a !== 'kms:*') || root;
}

test('the deployment has IAM policies to check', () => {
  assert.ok(policies.length >= 4, `${policies.length} policies`);
});

test('no IAM statement uses "*" as a resource, except for actions that allow nothing narrower', () => {
  const offenders: string[] = [];
  for (const p of policies) {
    const doc = JSON.parse(p.values['policy'] as string) as { Statement: { Action: string | string[]; Resource?: string | string[]; Principal?: { AWS?: string | string[] } }[] };
    for (const statement of doc.Statement) {
      const res = ([] as string[]).concat(statement.Resource ?? []);
      const actions = ([] as string[]).concat(statement.Action);
      const keyPolicy = keyPolicyException(p.type, statement, actions);
      if (res.includes('*') && !keyPolicy && !actions.every((a) => a in STAR_ALLOWED)) offenders.push(`${p.address}: ${actions.join(',')} on "*"`);
      if (actions.some((a) => a === '*' || a.endsWith(':*')) && !keyPolicy) offenders.push(`${p.address}: wildcard action ${actions.join(',')}`);
    }
  }
  assert.equal(offenders, []);
});

test('no attached managed policy grants broad access (the lab writes its own scoped policies)', () => {
  const attachments = all.filter((r) => r.type === 'aws_iam_role_policy_attachment');
  assert.equal(attachments.map((a) => a.values['policy_arn']), []);
});

test.run();
