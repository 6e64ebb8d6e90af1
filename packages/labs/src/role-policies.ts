// A function's execution role and its inline policies, for the "break a
// permission" exercises: take one action out, watch what fails, put it back.
// The original documents are saved under .streamlab/<instance>/removed-permissions/,
// and `make apply` restores them too (Terraform sees the drift).
import { GetRolePolicyCommand, type IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  [key: string]: unknown;
}

export interface RolePolicy {
  roleName: string;
  policyName: string;
  document: { Version?: string; Statement: Statement[] };
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function roleNameOf(lambda: LambdaClient, functionName: string): Promise<string> {
  const { Role } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  return Role!.split('/').at(-1)!;
}

export async function inlinePolicies(iam: IAMClient, roleName: string): Promise<RolePolicy[]> {
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  const out: RolePolicy[] = [];
  for (const policyName of PolicyNames) {
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    const parsed = JSON.parse(decodeURIComponent(PolicyDocument!)) as { Version?: string; Statement: Statement | Statement[] };
    const document = { ...parsed, Statement: Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement] };
    out.push({ roleName, policyName, document });
  }
  return out;
}

/** The document without `action` (case-insensitive); statements left with no action are dropped. */
export function withoutAction(document: RolePolicy['document'], action: string): { document: RolePolicy['document']; removed: number } {
  let removed = 0;
  const statements = document.Statement.flatMap((s) => {
    const actions = list(s.Action);
    const kept = actions.filter((a) => a.toLowerCase() !== action.toLowerCase());
    removed += actions.length - kept.length;
    if (kept.length === actions.length) return [s];
    return kept.length === 0 ? [] : [{ ...s, Action: kept }];
  });
  return { document: { ...document, Statement: statements }, removed };
}

export function putPolicy(iam: IAMClient, policy: RolePolicy): Promise<unknown> {
  return iam.send(new PutRolePolicyCommand({ RoleName: policy.roleName, PolicyName: policy.policyName, PolicyDocument: JSON.stringify(policy.document) }));
}

/** "sns:Publish → arn:…" lines of a role's inline policies. */
export function describe(policies: RolePolicy[]): string[] {
  return policies.flatMap((p) => p.document.Statement.flatMap((s) => list(s.Action).map((a) => `${s.Effect === 'Deny' ? 'deny ' : ''}${a} → ${list(s.Resource).join(', ')}`)));
}
