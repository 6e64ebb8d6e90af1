// Marks a request the runtime makes on behalf of an AWS service: a CloudWatch
// alarm publishing to its SNS action, an EventBridge rule invoking its Lambda
// target, an HTTP API checking that it may invoke its function. The emulator then checks the target's resource-based policy for that
// service principal and source (the topic policy and its key policy, the
// function policy), as AWS does, instead of treating the runtime as the admin.
// The headers are local only; the emulator honours them from admin callers.
import type { BuildMiddleware, MiddlewareStack } from '@smithy/types';

export const SERVICE_HEADER = 'x-streamlab-service-principal';
export const SOURCE_HEADER = 'x-streamlab-source-arn';

// biome-ignore lint/suspicious/noExplicitAny: any command of any client
type AnyCommand = { middlewareStack: MiddlewareStack<any, any> };

/** Adds the service principal and source ARN to the command's request. */
export function asService<C extends AnyCommand>(command: C, principal: 'cloudwatch.amazonaws.com' | 'events.amazonaws.com' | 'apigateway.amazonaws.com', sourceArn: string): C {
  const addHeaders: BuildMiddleware<object, object> = (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) {
        request.headers[SERVICE_HEADER] = principal;
        request.headers[SOURCE_HEADER] = sourceArn;
      }
      return next(args);
  };
  command.middlewareStack.add(addHeaders, { step: 'build', name: 'streamlabAsService' });
  return command;
}
