// The "break a permission" exercises: shows a function's permissions, takes one
// action out of its execution role, and puts it back. On the local target IAM
// is enforced, so the function then fails as it would on AWS (AccessDenied).
import { IAMClient } from '@aws-sdk/client-iam';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, run, textOption } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { describe, inlinePolicies, putPolicy, roleNameOf, withoutAction, type RolePolicy } from '@streamlab/labs/role-policies';
import { labTargetIfDeployed, loadAccount } from '@streamlab/kit/target';
import { paginateListFunctions } from '@aws-sdk/client-lambda';

run(async () => {
  const args = parseCli({
    summary: "show a function's permissions, take one action out of its execution role, or put it back",
    usage: [
      "  --function NAME      any function of the account (e.g. streamlab-local-message-stream-processor); without it, the lab's functions (or, without the lab, every function) and their roles",
      '  --remove ACTION      take this action (e.g. sns:Publish) out of the role\'s inline policies',
      '  --restore            put back what --remove took out',
    ],
    examples: [
      'npx tsx scripts/permissions.ts --function streamlab-local-message-stream-processor',
      'npx tsx scripts/permissions.ts --function streamlab-local-message-stream-processor --remove sns:Publish',
      'npx tsx scripts/permissions.ts --function streamlab-local-message-stream-processor --restore',
    ],
    options: { function: { type: 'string' }, remove: { type: 'string' }, restore: { type: 'boolean', default: false } },
  });
  const fn = textOption('function', args.function, 140);
  const action = textOption('remove', args.remove, 128);
  if (action && !/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action)) throw new UsageError(`--remove needs an action like sns:Publish, not "${action}"`);
  if (action && args.restore) throw new UsageError('give --remove or --restore, not both');
  if ((action || args.restore) && !fn) throw new UsageError('--remove and --restore need --function');
  const target = loadAccount(args.target);
  const lab = labTargetIfDeployed(args.target);
  const clients = clientsFor(target);
  const iam = new IAMClient(target.clientConfig);
  if (!fn) {
    const functions: string[] = [];
    if (lab) functions.push(lab.lab1.processor_function_name, lab.lab2.processor_function_name, lab.lab3.webhook_function_name, lab.lab3.processor_function_name, lab.lab3.stale_function_name);
    else for await (const page of paginateListFunctions({ client: clients.lambda }, {})) functions.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    console.log(`${lab ? "The lab's functions" : 'The functions of the account'} and their execution roles (show one with --function NAME):`);
    for (const name of functions) {
      const role = await roleNameOf(clients.lambda, name);
      console.log(`  ${name.padEnd(44)} ${role} (${describe(await inlinePolicies(iam, role)).length} allowed actions)`);
    }
    return;
  }
  const roleName = await roleNameOf(clients.lambda, fn);
  const saved = join(target.stateDir, 'removed-permissions');
  const savedFile = (p: RolePolicy) => join(saved, `${p.roleName}.${p.policyName}.json`);

  if (args.restore) {
    const files = existsSync(saved) ? readdirSync(saved).filter((f) => f.startsWith(`${roleName}.`)) : [];
    if (files.length === 0) throw new SetupError(`nothing to restore for ${roleName} (no saved policy in ${saved.replace(`${process.cwd()}/`, '')})`);
    for (const file of files) {
      const policy = JSON.parse(readFileSync(join(saved, file), 'utf8')) as RolePolicy;
      await putPolicy(iam, policy);
      rmSync(join(saved, file));
      console.log(`✓ restored ${policy.policyName} of ${roleName}`);
    }
  } else if (action) {
    let removed = 0;
    for (const policy of await inlinePolicies(iam, roleName)) {
      const changed = withoutAction(policy.document, action);
      if (changed.removed === 0) continue;
      mkdirSync(saved, { recursive: true });
      if (!existsSync(savedFile(policy))) writeFileSync(savedFile(policy), JSON.stringify(policy, null, 2)); // keep the first original
      await putPolicy(iam, { ...policy, document: changed.document });
      removed += changed.removed;
      console.log(`✗ removed ${action} from ${policy.policyName} of ${roleName}`);
    }
    if (removed === 0) throw new SetupError(`${roleName} has no inline statement with ${action}`);
    console.log(`Restore with: npx tsx scripts/permissions.ts --function ${fn} --restore${args.target === 'aws' ? ' --target aws' : ''} (or make apply)`);
    return;
  }
  console.log(`${fn} runs as role ${roleName}; its inline policies allow:`);
  for (const line of describe(await inlinePolicies(iam, roleName))) console.log(`  ${line}`);
});
