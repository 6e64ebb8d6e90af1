// After `make destroy TARGET=aws` in the rehearsal: lists, through the AWS APIs,
// whatever of this deployment is still there. Everything Terraform created is
// named `<project_name>-<environment>-…` (or /aws/lambda/<that>), so a leftover
// is any resource whose name contains the prefix. Exit 1 if anything is left.
//   tsx local/rehearsal/leftovers.ts PREFIX
// The SDK finds the emulator through AWS_ENDPOINT_URL, as the AWS target does.
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: leftovers.ts PREFIX (e.g. streamlab-dev)');
  process.exit(2);
}
const has = (name: string | undefined) => (name ?? '').includes(prefix);

/** Each kind of resource the lab creates, and how to list what is left of it. */
const kinds: Record<string, () => Promise<string[]>> = {
  tables: async () => ((await new DynamoDBClient({}).send(new ListTablesCommand({}))).TableNames ?? []).filter(has),
  queues: async () => ((await new SQSClient({}).send(new ListQueuesCommand({}))).QueueUrls ?? []).filter(has),
  topics: async () => ((await new SNSClient({}).send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn!).filter(has),
  subscriptions: async () => ((await new SNSClient({}).send(new ListSubscriptionsCommand({}))).Subscriptions ?? []).map((s) => `${s.Protocol} ${s.Endpoint} → ${s.TopicArn}`).filter(has),
  functions: async () => ((await new LambdaClient({}).send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName!).filter(has),
  roles: async () => ((await new IAMClient({}).send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName!).filter(has),
  policies: async () => ((await new IAMClient({}).send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map((p) => p.PolicyName!).filter(has),
  'log groups': async () => ((await new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName!).filter(has),
  alarms: async () => ((await new CloudWatchClient({}).send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map((a) => a.AlarmName!).filter(has),
  rules: async () => ((await new EventBridgeClient({}).send(new ListRulesCommand({}))).Rules ?? []).map((r) => r.Name!).filter(has),
  parameters: async () => ((await new SSMClient({}).send(new DescribeParametersCommand({}))).Parameters ?? []).map((p) => p.Name!).filter(has),
  // A destroyed key is scheduled for deletion (7–30 days on AWS): only keys not pending deletion count.
  // The rehearsal's emulator starts empty, so every customer key is this deployment's.
  'keys not pending deletion': async () => {
    // AWS creates its managed keys (alias/aws/dynamodb, alias/aws/ssm) on first use and keeps them, free;
    // moto lists them as customer keys, so they are told apart by their alias.
    const kms = new KMSClient({});
    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
    const awsManaged = new Set(aliases.filter((a) => a.AliasName?.startsWith('alias/aws/')).map((a) => a.TargetKeyId));
    const live: string[] = aliases.filter((a) => has(a.AliasName)).map((a) => `${a.AliasName} (alias)`);
    for (const key of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      if (awsManaged.has(key.KeyId)) continue;
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      if (KeyMetadata?.KeyManager === 'CUSTOMER' && KeyMetadata.KeyState !== 'PendingDeletion') live.push(`${key.KeyId} (${KeyMetadata.KeyState})`);
    }
    return live;
  },
};

let left = 0;
for (const [kind, list] of Object.entries(kinds)) {
  const names = await list();
  left += names.length;
  console.log(`   ${names.length === 0 ? '✓' : '✗'} ${kind}: ${names.length === 0 ? 'none left' : `${names.length} left: ${names.join(', ')}`}`);
}
console.log(`   resources left: ${left}`);
process.exit(left === 0 ? 0 : 1);
