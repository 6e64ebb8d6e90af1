// Run by Terraform (terraform_data + local-exec) on the AWS target only, before
// the background processor is created: fails early, with what to do, when the
// account cannot reserve the concurrency lab 3 asks for (new AWS accounts may
// have a quota of 10 and cannot reserve any).
//   usage: tsx check-concurrency-quota.ts <function-name> <requested> <region>
import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { concurrencyProblem } from './concurrency-quota.ts';

const [functionName, requestedText, region] = process.argv.slice(2);
const requested = Number(requestedText);
if (!functionName || !region || !Number.isInteger(requested)) {
  console.error('usage: check-concurrency-quota.ts <function-name> <requested> <region>');
  process.exit(2);
}

const lambda = new LambdaClient({ region });
const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
const current = await lambda
  .send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }))
  .then((r) => r.ReservedConcurrentExecutions ?? 0)
  .catch((error: Error) => {
    if (error instanceof ResourceNotFoundException) return 0; // not created yet
    throw error;
  });
const quota = AccountLimit?.ConcurrentExecutions ?? 0;
const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? 0;
const problem = concurrencyProblem({ quota, unreserved, current, requested });
if (problem) {
  console.error(`error: ${problem}`);
  process.exit(1);
}
console.log(`${functionName}: reserving ${requested} of the account's ${quota} concurrent executions (unreserved now ${unreserved}) fits`);
