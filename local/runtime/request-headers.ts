// Adds headers to one SDK command's request: the local-only headers the
// runtime sends the emulator on some requests (as-service.ts, sqs-poller.ts).
import type { BuildMiddleware, MiddlewareStack } from '@smithy/types';

// biome-ignore lint/suspicious/noExplicitAny: any command of any client
type AnyCommand = { middlewareStack: MiddlewareStack<any, any> };

/** Adds `headers` to the command's request, as a build step named `name`. */
export function withHeaders<C extends AnyCommand>(command: C, name: string, headers: Record<string, string>): C {
  const addHeaders: BuildMiddleware<object, object> = (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) Object.assign(request.headers, headers);
    return next(args);
  };
  command.middlewareStack.add(addHeaders, { step: 'build', name });
  return command;
}
