// Run by Terraform (terraform_data + local-exec) on both targets (the local
// one passes the emulator's endpoint in AWS_ENDPOINT_URL).
// Since October 2025 (every URL since November 2026) a public (AuthType NONE) function URL needs two
// resource-policy statements: lambda:InvokeFunctionUrl, which aws_lambda_permission
// creates, and lambda:InvokeFunction limited to calls through the URL
// (lambda:InvokedViaFunctionUrl = true). hashicorp/aws 5.100 cannot express that
// condition (6.x adds invoked_via_function_url), so the SDK adds it here.
//   usage: tsx grant-function-url-invoke.ts <function-name> <region>
import { AddPermissionCommand, LambdaClient, ResourceConflictException } from '@aws-sdk/client-lambda';

const [functionName, region] = process.argv.slice(2);
if (!functionName || !region) {
  console.error('usage: grant-function-url-invoke.ts <function-name> <region>');
  process.exit(2);
}

try {
  await new LambdaClient({ region }).send(
    new AddPermissionCommand({
      FunctionName: functionName,
      StatementId: 'AllowInvokeThroughFunctionUrl',
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    }),
  );
  console.log(`${functionName}: lambda:InvokeFunction granted for calls through its function URL`);
} catch (error) {
  if (!(error instanceof ResourceConflictException)) throw error;
  console.log(`${functionName}: the function URL invoke permission already exists`);
}
