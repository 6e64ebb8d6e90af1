// Every invocation the runtime makes goes through here: the function's host
// runs the event, and then, in one place, Lambda's metrics are recorded, the
// batch response is read (for pollers that report batch item failures) and
// the trace event is written. The callers only decide what happens next
// (rules/), so no two of them can record an invocation differently.
import type { FunctionHost, InvokeResult } from './function-host.ts';
import type { Metrics } from './metrics.ts';
import { readBatchResponse, type BatchVerdict } from './rules/batch-response.ts';
import { readWindowResponse, type WindowState } from './rules/tumbling-windows.ts';
import type { Trace } from './trace.ts';

export interface Invocation {
  /** Shown in the trace: dynamodb, sqs, async:sns, async:invoke, invoke or function-url. */
  source: string;
  /** A poller's batch: its size, and the item identifiers a batch response may name. */
  batch?: { ids: ReadonlySet<string>; reportFailures: boolean; tumblingWindow?: boolean };
  /** An async event's attempt number, and its request id (the one Lambda answered the caller with). */
  attempt?: number;
  requestId?: string;
  /** The ARN the trigger named, a version's or an alias's (the handler's context.invokedFunctionArn); default the host's. */
  invokedArn?: string;
  /** A function URL's HTTP status, worked out from the result. */
  statusOf?: (result: InvokeResult) => number;
}

export interface Invoked {
  result: InvokeResult;
  /** success, partial (a batch response named failed items) or failed (a function error, or a malformed batch response). */
  verdict: BatchVerdict;
  /** A tumbling window invocation's returned state. */
  windowState?: WindowState;
}

export class Invoker {
  constructor(private readonly deps: { metrics: Metrics; trace: Trace }) {}

  async invoke(host: FunctionHost, event: unknown, invocation: Invocation): Promise<Invoked> {
    const fn = host.config.name;
    const result = await host.invoke(event, invocation.invokedArn);
    this.deps.metrics.invocation(fn, result.ok, result.durationMs);
    const batch = invocation.batch;
    const window = result.ok && batch?.tumblingWindow ? readWindowResponse(result.payload, batch.ids, batch.reportFailures) : undefined;
    const verdict: BatchVerdict = !result.ok
      ? { kind: 'failed', reason: `${result.error.errorType}: ${result.error.errorMessage}` }
      : window
        ? window.verdict
        : batch?.reportFailures
          ? readBatchResponse(result.payload, batch.ids)
          : { kind: 'success' };
    const status = invocation.statusOf?.(result);
    this.deps.trace.emit({
      kind: 'invoke',
      function: fn,
      source: invocation.source,
      ...(invocation.batch ? { batchSize: invocation.batch.ids.size } : {}),
      ...(invocation.attempt ? { attempt: invocation.attempt } : {}),
      durationMs: result.durationMs,
      result: verdict.kind,
      ...(status !== undefined ? { status } : {}),
      requestId: invocation.requestId ?? result.requestId,
      ...(verdict.kind === 'failed' ? { error: verdict.reason } : {}),
      ...(verdict.kind === 'partial' ? { failedItems: verdict.failed.length } : {}),
    });
    return { result, verdict, ...(window?.state ? { windowState: window.state } : {}) };
  }

  /** An event the function cannot take now: counted in Throttles, and traced with Lambda's reason when it is refused. */
  throttled(fn: string, source: string, reason?: string): void {
    this.deps.metrics.count(fn, 'Throttles');
    if (reason) this.deps.trace.emit({ kind: 'throttled', function: fn, source, reason });
  }
}
