// The AWS CLI, pointed at the lab's target: `npx tsx scripts/aws.ts dynamodb scan
// --table-name streamlab-local-messages` asks the local emulator (its endpoint,
// region and dummy credentials from the deployment's outputs); with
// `--target aws` first, your AWS account in the deployment's region, with your
// usual credentials. The CLI is the one `make install` puts into .venv
// (awscli v1 from PyPI, pinned in local/requirements.txt), so nothing else
// needs installing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { loadAccount, REPO_ROOT, type TargetName } from '@streamlab/kit/target';

run(async () => {
  let args = process.argv.slice(2);
  let name: TargetName = 'local';
  if (args[0] === '--target') {
    if (args[1] !== 'local' && args[1] !== 'aws') throw new UsageError(`--target must be local or aws, not "${args[1] ?? ''}"`);
    name = args[1];
    args = args.slice(2);
  }
  if (args[0] === '--help' || args[0] === '-h') {
    console.log('aws.ts: the AWS CLI, pointed at the lab (default: the local emulator)\n\nUsage: npx tsx scripts/aws.ts [--target local|aws] SERVICE COMMAND [OPTIONS]\n\nExamples:\n  npx tsx scripts/aws.ts dynamodb scan --table-name streamlab-local-messages --max-items 2\n  npx tsx scripts/aws.ts --target aws lambda get-account-settings --query AccountLimit');
    return 0;
  }
  if (args[0]?.startsWith('-')) throw new UsageError(`the first argument is an AWS CLI service such as dynamodb, not "${args[0]}" (only --target comes before it)`);
  const cli = join(REPO_ROOT, '.venv', 'bin', 'aws');
  if (!existsSync(cli)) throw new SetupError('the AWS CLI is not installed in .venv: run `make install`');
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_PAGER: '' };
  // Before the first apply on AWS there are no outputs yet: use your own CLI configuration as is.
  // Locally, the instance's emulator whether or not the lab is deployed (loadAccount).
  const target = name === 'aws' && !existsSync(join(REPO_ROOT, '.streamlab', process.env['STREAMLAB_INSTANCE'] ?? 'aws', 'outputs.json')) ? undefined : loadAccount(name);
  if (args.length === 0) throw new UsageError('name an AWS CLI service and command, e.g. dynamodb list-tables');
  if (target) env['AWS_DEFAULT_REGION'] = target.region;
  if (target?.endpoint) {
    // The emulator's dummy credentials, never your own profile's.
    Object.assign(env, { AWS_ENDPOINT_URL: target.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete env[name];
  }
  // The flag as well as AWS_ENDPOINT_URL: awscli v1 ignores the variable for SQS (it calls queue.amazonaws.com).
  const cliArgs = target?.endpoint && !args.includes('--endpoint-url') ? [...args, '--endpoint-url', target.endpoint] : args;
  const result = spawnSync(cli, cliArgs, { stdio: 'inherit', env });
  return result.status ?? 1;
});
