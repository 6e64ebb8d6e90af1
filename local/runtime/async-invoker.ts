// Asynchronous invocation (SNS → Lambda, Invoke with InvocationType=Event).
// Events wait in a queue: the inbox folder the emulator writes (protocol.ts),
// one JSON file per event, rewritten after each attempt, so a restart of the
// runtime loses nothing. Reserved concurrency bounds how many run at once, and
// throttled events wait (none is dropped). Between attempts the rules of
// rules/async-events.ts apply: retries, their delays (scaled by
// STREAMLAB_TIME_SCALE) and the event age; a given-up event goes to the
// function's DeadLetterConfig target and an invocation record to its OnFailure
// destination.
import { GetFunctionConfigurationCommand, GetFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameOf } from '@streamlab/kit/arn';
import type { Clients } from './clients.ts';
import { sendToDestination } from './destinations.ts';
import type { Functions } from './functions.ts';
import type { Invoker } from './invoker.ts';
import type { Metrics } from './metrics.ts';
import type { InboxItem } from './protocol.ts';
import { withQualifier } from './rules/function-references.ts';
import { afterAsyncAttempt, beforeAsyncAttempt, type AsyncRetrySettings, type OnFailureCondition } from './rules/async-events.ts';
import type { Trace } from './trace.ts';

interface AsyncConfig extends AsyncRetrySettings {
  dlq?: string;
  onFailure?: string;
  onSuccess?: string;
}

export class AsyncInvoker {
  private readonly inFlight = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly configs = new Map<string, Promise<AsyncConfig>>();
  private stopped = false;

  constructor(
    private readonly inbox: string,
    private readonly deps: { clients: Clients; functions: Functions; trace: Trace; invoker: Invoker; metrics: Metrics; timeScale: number },
  ) {
    mkdirSync(inbox, { recursive: true });
  }

  /** Picks up every inbox file not yet in progress. Called on nudges and on a slow timer. */
  scan(): void {
    if (this.stopped) return;
    for (const name of readdirSync(this.inbox).sort()) {
      if (!name.endsWith('.json') || this.inFlight.has(name) || this.timers.has(name)) continue;
      const item = this.read(name);
      if (!item) continue;
      this.schedule(name, item);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private read(name: string): InboxItem | undefined {
    try {
      return JSON.parse(readFileSync(join(this.inbox, name), 'utf8')) as InboxItem;
    } catch {
      return undefined; // being written or already removed
    }
  }

  private write(name: string, item: InboxItem): void {
    const path = join(this.inbox, name);
    writeFileSync(`${path}.tmp`, JSON.stringify(item));
    renameSync(`${path}.tmp`, path);
  }

  private schedule(name: string, item: InboxItem): void {
    const wait = Math.max(0, item.notBefore - Date.now());
    if (wait === 0) {
      void this.attempt(name, item);
      return;
    }
    this.timers.set(name, setTimeout(() => {
      this.timers.delete(name);
      void this.attempt(name, item);
    }, wait));
  }

  /**
   * The function's async settings, read once per function until forgetConfigs()
   * (main.ts calls it when the emulator nudges a Lambda configuration change):
   * two Lambda API calls per attempt would double the emulator's load in a burst.
   */
  private config(functionName: string): Promise<AsyncConfig> {
    let config = this.configs.get(functionName);
    if (!config) {
      config = this.readConfig(functionName);
      config.catch(() => this.configs.delete(functionName));
      this.configs.set(functionName, config);
    }
    return config;
  }

  forgetConfigs(): void {
    this.configs.clear();
  }

  private async readConfig(functionName: string): Promise<AsyncConfig> {
    const { lambda } = this.deps.clients;
    const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const config: AsyncConfig = { maxRetries: 2, maxAgeSeconds: 21_600, dlq: fn.DeadLetterConfig?.TargetArn };
    try {
      const eic = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: functionName }));
      if (eic.MaximumRetryAttempts !== undefined) config.maxRetries = eic.MaximumRetryAttempts;
      if (eic.MaximumEventAgeInSeconds !== undefined) config.maxAgeSeconds = eic.MaximumEventAgeInSeconds;
      config.onFailure = eic.DestinationConfig?.OnFailure?.Destination;
      config.onSuccess = eic.DestinationConfig?.OnSuccess?.Destination;
    } catch {
      // No event invoke config: Lambda's defaults apply.
    }
    return config;
  }

  private async attempt(name: string, item: InboxItem): Promise<void> {
    if (this.stopped || !existsSync(join(this.inbox, name))) return;
    this.inFlight.add(name);
    const fnName = nameOf(item.functionArn);
    const { trace } = this.deps;
    try {
      const host = await this.deps.functions.get(item.functionArn);
      if (!host) {
        // Not deployed (yet): keep the event and look again later.
        item.notBefore = Date.now() + 2000;
        this.write(name, item);
        return;
      }
      const config = await this.config(fnName);
      const expired = beforeAsyncAttempt((Date.now() - item.enqueuedAt) / 1000, config);
      if (expired?.action === 'on-failure') {
        await this.sendOnFailure(name, item, config, expired.condition);
        return;
      }
      if (host.saturated) this.deps.invoker.throttled(fnName, `async:${item.source}`); // it waits for an instance, as Lambda's queue does
      item.attempts += 1;
      const { result } = await this.deps.invoker.invoke(host, item.event, { source: `async:${item.source}`, invokedArn: item.functionArn, attempt: item.attempts, requestId: item.id });
      item.executedVersion = host.config.version;
      if (!result.ok) item.lastError = result.error;
      const step = afterAsyncAttempt(result.ok, item.attempts, config, this.deps.timeScale);
      if (step.action === 'done') {
        if (config.onSuccess && result.ok) await this.deliver(item, 'DestinationDeliveryFailures', config.onSuccess, () => this.sendOnSuccess(item, config.onSuccess!, result.payload));
        rmSync(join(this.inbox, name), { force: true });
      } else if (step.action === 'on-failure') {
        await this.sendOnFailure(name, item, config, step.condition);
      } else {
        item.notBefore = Date.now() + step.delayMs;
        this.write(name, item);
        trace.emit({ kind: 'retry', function: fnName, source: `async:${item.source}`, attempt: item.attempts + 1, delayMs: step.delayMs });
      }
    } catch (error) {
      trace.emit({ kind: 'error', function: fnName, reason: `async ${item.id}: ${(error as Error).message}` });
      item.notBefore = Date.now() + 1000;
      this.write(name, item);
    } finally {
      this.inFlight.delete(name);
      if (existsSync(join(this.inbox, name)) && !this.stopped) {
        const next = this.read(name);
        if (next) this.schedule(name, next);
      }
    }
  }

  /**
   * One hand-off to a destination or DLQ. A delivery that fails (the role may
   * not send, the target is gone) does not run the function again: as on
   * Lambda, the record is dropped and counted (DestinationDeliveryFailures,
   * DeadLetterErrors), and the trace says why.
   */
  private async deliver(item: InboxItem, metric: 'DestinationDeliveryFailures' | 'DeadLetterErrors', target: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      const fnName = nameOf(item.functionArn);
      this.deps.metrics.count(fnName, metric);
      this.deps.trace.emit({ kind: 'error', function: fnName, reason: `${metric}: ${target}: ${(error as Error).message}` });
    }
  }

  /** Sends the invocation record of a success to the OnSuccess destination. */
  private async sendOnSuccess(item: InboxItem, destination: string, payload: unknown): Promise<void> {
    const fnName = nameOf(item.functionArn);
    const clients = { role: this.deps.functions.roleClientsOf(fnName), admin: this.deps.clients };
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId: item.id, functionArn: withQualifier(item.functionArn), condition: 'Success', approximateInvokeCount: item.attempts },
      requestPayload: item.event,
      responseContext: { statusCode: 200, executedVersion: item.executedVersion ?? '$LATEST' },
      responsePayload: payload,
    };
    await sendToDestination(clients, destination, record, undefined, { functionArn: item.functionArn, success: true });
    this.deps.trace.emit({ kind: 'on-success', function: fnName, source: `async:${item.source}`, destination });
  }

  /** Hands the event to the DLQ (original event) and the OnFailure destination (invocation record). */
  private async sendOnFailure(name: string, item: InboxItem, config: AsyncConfig, condition: OnFailureCondition): Promise<void> {
    const { trace } = this.deps;
    const fnName = nameOf(item.functionArn);
    const clients = { role: this.deps.functions.roleClientsOf(fnName), admin: this.deps.clients };
    const dlq = config.dlq;
    if (dlq) {
      // The DLQ receives the original event, with Lambda's error attributes.
      await this.deliver(item, 'DeadLetterErrors', dlq, () =>
        sendToDestination(clients, dlq, item.event, {
          RequestID: { DataType: 'String', StringValue: item.id },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: (item.lastError?.errorMessage ?? condition).slice(0, 256) },
        }),
      );
    }
    const onFailure = config.onFailure;
    if (onFailure) {
      await this.deliver(item, 'DestinationDeliveryFailures', onFailure, () => sendToDestination(clients, onFailure, {
        version: '1.0',
        timestamp: new Date().toISOString(),
        requestContext: { requestId: item.id, functionArn: withQualifier(item.functionArn), condition, approximateInvokeCount: item.attempts },
        requestPayload: item.event,
        responseContext: { statusCode: 200, executedVersion: item.executedVersion ?? '$LATEST', functionError: 'Unhandled' },
        responsePayload: item.lastError ?? null,
      }, undefined, { functionArn: item.functionArn, success: false }));
    }
    rmSync(join(this.inbox, name), { force: true });
    trace.emit({ kind: 'on-failure', function: fnName, source: `async:${item.source}`, condition, dlq: config.dlq, destination: config.onFailure, attempts: item.attempts });
  }
}
