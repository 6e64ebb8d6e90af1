// Whether a function's resource policy lets API Gateway invoke it from a
// given execute-api ARN (aws_lambda_permission), asked of the emulator as a
// DryRun invocation by apigateway.amazonaws.com. Shared by HTTP and REST APIs;
// answers are kept a few seconds (a Lambda change nudge clears them).
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { asService } from './as-service.ts';
import type { Clients } from './clients.ts';

const POLICY_CACHE_MS = 5_000;

export class ApiGatewayPermissions {
  private readonly answers = new Map<string, { at: number; refusal: Promise<string | undefined> }>();

  constructor(private readonly clients: Clients) {}

  forget(): void {
    this.answers.clear();
  }

  /** Why Lambda refuses API Gateway's invocation from `sourceArn`, or undefined when it allows it. */
  refusal(functionArn: string, sourceArn: string): Promise<string | undefined> {
    const key = `${functionArn} ${sourceArn}`;
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < POLICY_CACHE_MS) return cached.refusal;
    const refusal = this.clients.lambda
      .send(asService(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'DryRun' }), 'apigateway.amazonaws.com', sourceArn))
      .then(
        () => undefined,
        (error: Error) => `${error.name}: ${error.message}`,
      );
    this.answers.set(key, { at: Date.now(), refusal });
    return refusal;
  }
}
