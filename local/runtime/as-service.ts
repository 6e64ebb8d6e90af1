// Marks a request the runtime makes on behalf of an AWS service: a CloudWatch
// alarm publishing to its SNS action, an EventBridge rule invoking its Lambda
// target, an HTTP API checking that it may invoke its function. The emulator then checks the target's resource-based policy for that
// service principal and source (the topic policy and its key policy, the
// function policy), as AWS does, instead of treating the runtime as the admin.
// The headers are local only; the emulator honours them from admin callers.
import { withHeaders } from './request-headers.ts';

export const SERVICE_HEADER = 'x-streamlab-service-principal';
export const SOURCE_HEADER = 'x-streamlab-source-arn';

/** Adds the service principal and source ARN to the command's request. */
export function asService<C extends Parameters<typeof withHeaders>[0]>(command: C, principal: 'cloudwatch.amazonaws.com' | 'events.amazonaws.com' | 'apigateway.amazonaws.com', sourceArn: string): C {
  return withHeaders(command, 'streamlabAsService', { [SERVICE_HEADER]: principal, [SOURCE_HEADER]: sourceArn });
}
