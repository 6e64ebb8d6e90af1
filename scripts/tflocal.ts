// Runs your own Terraform against the local cloud, unchanged, as LocalStack's
// tflocal does: it writes a provider file with the emulator's dummy
// credentials, then runs terraform with your arguments, AWS_ENDPOINT_URL set to
// the emulator and the lab's CLI configuration (the offline provider mirror).
//
//   npx tsx scripts/tflocal.ts -chdir=my-function init
//   npx tsx scripts/tflocal.ts -chdir=my-function apply -auto-approve
//
// The file it writes, streamlab_local_override.tf (or streamlab_local_provider.tf
// when your code declares no `provider "aws"`), is local only: leave it out of git.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { loadAccount, REPO_ROOT } from '@streamlab/kit/target';

const OVERRIDE = 'streamlab_local_override.tf';
const PROVIDER = 'streamlab_local_provider.tf';

// No `endpoints` block: the provider takes AWS_ENDPOINT_URL instead, and validating
// that block took it 3.9 s at each start that configures it (two per apply).
function providerFile(override: boolean): string {
  return `# Written by scripts/tflocal.ts, which points every AWS endpoint at the local cloud
# (AWS_ENDPOINT_URL). Local only: delete it to deploy to AWS.
provider "aws" {
${override ? '' : '  region = "us-east-1"\n'}  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  # The account ID is read from the local STS: ARNs the provider builds (execution_arn) need it.
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}
`;
}

/** True when a .tf file of the module (ours excluded) declares provider "aws". */
function declaresAwsProvider(dir: string): boolean {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tf') && f !== OVERRIDE && f !== PROVIDER)
    .some((f) => /provider\s+"aws"\s*\{/.test(readFileSync(join(dir, f), 'utf8')));
}

async function main(): Promise<number> {
  let args = process.argv.slice(2);
  if (args[0] === '--target') {
    // The local track only: on AWS, terraform itself is the command.
    if (args[1] === 'aws') throw new UsageError('--target aws: tflocal is for the local cloud; on AWS run terraform itself');
    if (args[1] !== 'local') throw new UsageError(`--target must be local or aws, not "${args[1] ?? ''}"`);
    args = args.slice(2);
  }
  if (args[0] === '-h' || args[0] === '--help') {
    console.log('tflocal.ts: runs terraform against the local cloud, your Terraform unchanged\n\nUsage: npx tsx scripts/tflocal.ts [-chdir=DIR] <terraform command> [args]\n\nExamples:\n  npx tsx scripts/tflocal.ts -chdir=my-function init\n  npx tsx scripts/tflocal.ts -chdir=my-function apply -auto-approve');
    return 0;
  }
  const flag = args.find((a) => a.startsWith('--'));
  if (flag) throw new UsageError(`${flag} is not a terraform option (terraform's take one dash: -chdir=DIR, -auto-approve)`);
  // The instance's emulator (STREAMLAB_INSTANCE, default local), as make up recorded it.
  const endpoint = loadAccount('local').endpoint!;
  if (args.length === 0) throw new UsageError('name a terraform command, e.g. -chdir=my-function init');
  const chdir = args.find((a) => a.startsWith('-chdir='));
  const dir = resolve(chdir ? chdir.slice('-chdir='.length) : '.');
  if (!existsSync(dir)) throw new UsageError(`-chdir: no folder ${dir}`);
  if (!readdirSync(dir).some((f) => f.endsWith('.tf'))) throw new UsageError(`${dir} holds no .tf file`);
  const cliConfig = join(REPO_ROOT, '.streamlab', 'terraformrc');
  if (!existsSync(cliConfig)) throw new SetupError('the lab is not installed: run `make install` in the repository first');

  const override = declaresAwsProvider(dir);
  rmSync(join(dir, override ? PROVIDER : OVERRIDE), { force: true });
  writeFileSync(join(dir, override ? OVERRIDE : PROVIDER), providerFile(override));

  // Every service at the emulator: a service-specific AWS_ENDPOINT_URL_* of your shell would win over it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_ENDPOINT_URL_')));
  const result = spawnSync('terraform', args, {
    stdio: 'inherit',
    // Your own CLI configuration when it exists; else the lab's (the offline provider mirror).
    env: { ...env, AWS_ENDPOINT_URL: endpoint, TF_CLI_CONFIG_FILE: existsSync(process.env['TF_CLI_CONFIG_FILE'] ?? '') ? process.env['TF_CLI_CONFIG_FILE'] : cliConfig },
  });
  if (result.error) throw new SetupError(`cannot run terraform: ${result.error.message}`);
  return result.status ?? 1;
}

run(main);
