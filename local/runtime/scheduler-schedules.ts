// EventBridge Scheduler. moto stores schedules and groups but never fires
// them; the runtime does, as the Scheduler user guide describes:
// - rate(...), cron(...) in ScheduleExpressionTimezone, and one-time at(...);
//   StartDate and EndDate bound recurring schedules; FlexibleTimeWindow is not
//   applied (each run is at the window's start, as with OFF);
// - templated targets: Lambda (Invoke, InvocationType Event), SQS
//   (SendMessage), SNS (Publish) and EventBridge (PutEvents), called with the
//   schedule's execution role, so IAM decides as on AWS; the Input's context
//   attributes (<aws.scheduler.schedule-arn> …) are filled in;
// - a failed call is retried with exponential back-off per RetryPolicy
//   (MaximumRetryAttempts, default 185; MaximumEventAgeInSeconds, default
//   86400); a permission or missing-resource error is not retried. Then the
//   input goes to DeadLetterConfig's queue, with the error in its attributes;
// - ActionAfterCompletion DELETE deletes a schedule after its last run.
// Times run on the runtime's schedule clock (STREAMLAB_TIME_SCALE).
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand, SchedulerClient, type GetScheduleOutput } from '@aws-sdk/client-scheduler';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueUrlOf } from '@streamlab/kit/queues';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameOf, parseArn } from '@streamlab/kit/arn';
import { createClients, EMULATOR_CREDENTIALS, type Clients } from './clients.ts';
import type { RuntimeConfig } from './config.ts';
import type { RoleCredentials } from './role-credentials.ts';
import { parseSchedule } from './rules/schedule-expressions.ts';
import type { ScheduleTimer } from './schedule-timer.ts';
import type { Trace } from './trace.ts';

/** Errors Scheduler does not retry: the call would fail the same way again. */
const NOT_RETRIED = /AccessDenied|NotFound|NonExistent|ValidationException|InvalidParameter|KMS/;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

type Schedule = GetScheduleOutput & { Arn: string; Name: string; ScheduleExpression: string };

/** The Input with Scheduler's context attributes filled in (managing-schedule-context-attributes). */
export function withContextAttributes(input: string, values: { scheduleArn: string; scheduledTime: string; executionId: string; attempt: number }): string {
  return input
    .replaceAll('<aws.scheduler.schedule-arn>', values.scheduleArn)
    .replaceAll('<aws.scheduler.scheduled-time>', values.scheduledTime)
    .replaceAll('<aws.scheduler.execution-id>', values.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(values.attempt));
}

export class SchedulerSchedules {
  private readonly scheduler: SchedulerClient;
  private readonly reported = new Set<string>();
  private readonly roleClients = new Map<string, Clients>();
  /** One-time schedules already run, so a restarted runtime does not run them again. */
  private readonly doneFile: string;
  private readonly done: Record<string, string>;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly config: Pick<RuntimeConfig, 'endpoint' | 'region' | 'stateDir' | 'timeScale'>,
    private readonly roles: RoleCredentials,
    private readonly trace: Trace,
    private readonly timer: ScheduleTimer,
  ) {
    this.scheduler = new SchedulerClient({ endpoint: config.endpoint, region: config.region, credentials: EMULATOR_CREDENTIALS });
    this.doneFile = join(config.stateDir, 'scheduler-done.json');
    this.done = existsSync(this.doneFile) ? (JSON.parse(readFileSync(this.doneFile, 'utf8')) as Record<string, string>) : {};
  }

  /** Re-reads the schedules of every group (called with every discovery). */
  async refresh(): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.scheduler.send(new ListSchedulesCommand({ NextToken: token, State: 'ENABLED' }));
      for (const summary of page.Schedules ?? []) {
        if (!summary.Name || !summary.Arn) continue;
        const schedule = await this.scheduler.send(new GetScheduleCommand({ Name: summary.Name, GroupName: summary.GroupName }));
        this.track(schedule as Schedule, seen);
      }
      token = page.NextToken;
    } while (token);
    this.timer.retain(seen, 'scheduler:');
  }

  private track(schedule: Schedule, seen: Set<string>): void {
    const version = String(schedule.LastModificationDate?.getTime() ?? '');
    const parsed = parseSchedule(schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone ?? 'UTC', true);
    if (parsed.kind === 'invalid') {
      if (!this.reported.has(schedule.Arn)) {
        this.reported.add(schedule.Arn);
        this.trace.emit({ kind: 'refused', source: schedule.Arn, reason: `schedule ${schedule.Name}: ${parsed.error}` });
      }
      return;
    }
    if (parsed.kind === 'at' && this.done[schedule.Arn] === version) return; // ran already
    const key = `scheduler:${schedule.Arn}`;
    seen.add(key);
    const signature = JSON.stringify([schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone, schedule.StartDate, schedule.EndDate, schedule.Target, version]);
    if (this.timer.set(key, { signature, parsed, fire: (scheduledMs) => this.fire(schedule, scheduledMs, parsed.kind === 'at', version) })) {
      const next = this.timer.nextAt(key);
      this.trace.emit({ kind: 'discovered', source: schedule.Arn, detail: `${schedule.ScheduleExpression}, ${next === undefined ? 'no run ahead' : `first run in ${Math.round((next - Date.now()) / 1000)} s`}` });
    }
  }

  private async fire(schedule: Schedule, scheduledMs: number, once: boolean, version: string): Promise<void> {
    if (!once) {
      const virtualNow = this.timer.clock.virtual(Date.now());
      if (schedule.StartDate && virtualNow < schedule.StartDate.getTime()) return;
      if (schedule.EndDate && virtualNow > schedule.EndDate.getTime()) {
        await this.completed(schedule);
        return;
      }
    }
    const executionId = randomBytes(8).toString('hex');
    const scheduledTime = new Date(scheduledMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.attempt(schedule, { executionId, scheduledTime, firstAt: Date.now() }, 1);
    if (once) {
      this.done[schedule.Arn] = version;
      writeFileSync(this.doneFile, JSON.stringify(this.done));
      await this.completed(schedule);
    }
  }

  /** ActionAfterCompletion DELETE: the schedule is deleted once it has no run ahead. */
  private async completed(schedule: Schedule): Promise<void> {
    if (schedule.ActionAfterCompletion !== 'DELETE') return;
    await this.scheduler.send(new DeleteScheduleCommand({ Name: schedule.Name, GroupName: schedule.GroupName }));
    this.timer.delete(`scheduler:${schedule.Arn}`);
    this.trace.emit({ kind: 'discovered', source: schedule.Arn, detail: 'completed: deleted (ActionAfterCompletion DELETE)' });
  }

  private async attempt(schedule: Schedule, run: { executionId: string; scheduledTime: string; firstAt: number }, attempt: number): Promise<void> {
    const target = schedule.Target!;
    const input = withContextAttributes(target.Input ?? '{}', { scheduleArn: schedule.Arn, scheduledTime: run.scheduledTime, executionId: run.executionId, attempt });
    try {
      await this.call(schedule, input);
      const arn = target.Arn!;
      if (arn.includes(':lambda:')) this.trace.emit({ kind: 'schedule', source: schedule.Arn, function: nameOf(arn) });
      else this.trace.emit({ kind: 'delivered', source: schedule.Arn, target: arn, detail: `attempt ${attempt}` });
      return;
    } catch (error) {
      const { name, message } = error as Error;
      const policy = target.RetryPolicy ?? {};
      const maxAttempts = 1 + (policy.MaximumRetryAttempts ?? 185);
      const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? 86_400) * 1000 * this.config.timeScale;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1)) * this.config.timeScale;
      const retried = !NOT_RETRIED.test(name) && attempt < maxAttempts && Date.now() + delay - run.firstAt <= maxAgeMs;
      this.trace.emit({ kind: NOT_RETRIED.test(name) ? 'refused' : 'error', source: schedule.Arn, reason: `${name}: ${message}${retried ? `; retry ${attempt} in ${(delay / 1000).toFixed(1)} s` : ''}` });
      if (retried) {
        const handle = setTimeout(() => {
          this.retries.delete(handle);
          void this.attempt(schedule, run, attempt + 1);
        }, delay);
        this.retries.add(handle);
        return;
      }
      await this.toDeadLetterQueue(schedule, input, { name, message, executionId: run.executionId, attempts: attempt });
    }
  }

  private clientsFor(roleArn: string): Clients {
    let clients = this.roleClients.get(roleArn);
    if (!clients) {
      clients = createClients(this.config, this.roles.provider(roleArn, 'scheduler'));
      this.roleClients.set(roleArn, clients);
    }
    return clients;
  }

  /** The templated target's API call, as the execution role. */
  private async call(schedule: Schedule, input: string): Promise<void> {
    const target = schedule.Target!;
    const clients = this.clientsFor(target.RoleArn!);
    const arn = target.Arn!;
    const service = arn.startsWith('arn:aws:scheduler:::aws-sdk:') ? 'universal' : parseArn(arn).service;
    if (service === 'lambda') {
      await clients.lambda.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: Buffer.from(input) }));
    } else if (service === 'sqs') {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: await queueUrlOf(clients.sqs, arn), MessageBody: input, MessageGroupId: target.SqsParameters?.MessageGroupId }));
    } else if (service === 'sns') {
      await clients.sns.send(new PublishCommand({ TopicArn: arn, Message: input }));
    } else if (service === 'events') {
      const details = target.EventBridgeParameters;
      await clients.events.send(new PutEventsCommand({ Entries: [{ EventBusName: arn, Source: details?.Source, DetailType: details?.DetailType, Detail: input }] }));
    } else {
      const error = new Error(`${arn}: only the templated Lambda, SQS, SNS and EventBridge targets run locally (universal targets do not)`);
      error.name = 'ValidationException';
      throw error;
    }
  }

  /** The dead-letter event: the input, with why it failed in the message's attributes. */
  private async toDeadLetterQueue(schedule: Schedule, input: string, failure: { name: string; message: string; executionId: string; attempts: number }): Promise<void> {
    const dlq = schedule.Target?.DeadLetterConfig?.Arn;
    if (!dlq) {
      this.trace.emit({ kind: 'on-failure', source: schedule.Arn, condition: 'RetriesExhausted', reason: `${failure.name}: ${failure.message}` });
      return;
    }
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    try {
      const clients = this.clientsFor(schedule.Target!.RoleArn!);
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: await queueUrlOf(clients.sqs, dlq),
          MessageBody: input,
          MessageAttributes: {
            ERROR_CODE: attribute(failure.name),
            ERROR_MESSAGE: attribute(failure.message.slice(0, 1000)),
            EXECUTION_ID: attribute(failure.executionId),
            RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(failure.attempts - 1) },
            SCHEDULE_ARN: attribute(schedule.Arn),
            TARGET_ARN: attribute(schedule.Target!.Arn!),
          },
        }),
      );
      this.trace.emit({ kind: 'on-failure', source: schedule.Arn, condition: 'RetriesExhausted', dlq: nameOf(dlq) });
    } catch (error) {
      this.trace.emit({ kind: 'refused', source: schedule.Arn, reason: `dead-letter queue ${nameOf(dlq)}: ${(error as Error).name}: ${(error as Error).message}` });
    }
  }

  stop(): void {
    for (const handle of this.retries) clearTimeout(handle);
  }
}
