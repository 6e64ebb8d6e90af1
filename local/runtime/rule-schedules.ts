// EventBridge scheduled rules. moto stores rules and targets but never fires
// them; the runtime does: every ENABLED rule with a rate(...) or cron(...)
// expression (in UTC) sends the event EventBridge sends, or the target's
// constant Input, to its targets as events.amazonaws.com, so each target's
// resource policy decides: a function is invoked asynchronously
// (InvocationType Event: Lambda's async retries and DLQ apply), a topic gets
// it published, a queue gets it as a message. Like AWS, a rate
// rule first runs one period after it is first seen. Times run on the
// runtime's schedule clock (STREAMLAB_TIME_SCALE, rules/schedule-expressions.ts).
import { ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueUrlOf } from '@streamlab/kit/queues';
import { randomUUID } from 'node:crypto';
import { nameOf, parseArn } from '@streamlab/kit/arn';
import { asService } from './as-service.ts';
import type { Clients } from './clients.ts';
import { parseSchedule } from './rules/schedule-expressions.ts';
import type { ScheduleTimer } from './schedule-timer.ts';
import type { Trace } from './trace.ts';

export class RuleSchedules {
  private readonly reported = new Set<string>();

  constructor(
    private readonly clients: Clients,
    private readonly trace: Trace,
    private readonly timer: ScheduleTimer,
    private readonly region: string,
  ) {}

  /** Re-reads the rules (called with every discovery). */
  async refresh(): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.clients.events.send(new ListRulesCommand({ NextToken: token }));
      for (const rule of page.Rules ?? []) this.track(rule, seen);
      token = page.NextToken;
    } while (token);
    this.timer.retain(seen, 'rule:');
  }

  private track(rule: Rule, seen: Set<string>): void {
    if (!rule.Arn || !rule.ScheduleExpression || rule.State !== 'ENABLED') return;
    const parsed = parseSchedule(rule.ScheduleExpression);
    if (parsed.kind === 'invalid') {
      if (!this.reported.has(rule.Arn)) {
        this.reported.add(rule.Arn);
        this.trace.emit({ kind: 'refused', source: rule.Arn, reason: `schedule ${rule.Name}: ${parsed.error}` });
      }
      return;
    }
    const key = `rule:${rule.Arn}`;
    seen.add(key);
    const arn = rule.Arn;
    if (this.timer.set(key, { signature: rule.ScheduleExpression, parsed, fire: () => this.fire(arn) })) {
      const next = this.timer.nextAt(key);
      this.trace.emit({ kind: 'discovered', source: arn, detail: `${rule.ScheduleExpression}, ${next === undefined ? 'no run ahead' : `first run in ${Math.round((next - Date.now()) / 1000)} s`}` });
    }
  }

  private async fire(ruleArn: string): Promise<void> {
    const ruleName = ruleArn.split('/').at(-1)!;
    const targets = await this.clients.events.send(new ListTargetsByRuleCommand({ Rule: ruleName }));
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: parseArn(ruleArn).account,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [ruleArn],
      detail: {},
    };
    for (const target of targets.Targets ?? []) {
      if (!target.Arn) continue;
      const body = target.Input ?? JSON.stringify(event);
      try {
        const service = parseArn(target.Arn).service;
        if (service === 'lambda') {
          await this.clients.lambda.send(asService(new InvokeCommand({ FunctionName: target.Arn, InvocationType: 'Event', Payload: Buffer.from(body) }), 'events.amazonaws.com', ruleArn));
          this.trace.emit({ kind: 'schedule', source: ruleArn, function: nameOf(target.Arn) });
        } else if (service === 'sns') {
          await this.clients.sns.send(asService(new PublishCommand({ TopicArn: target.Arn, Message: body }), 'events.amazonaws.com', ruleArn));
          this.trace.emit({ kind: 'delivered', source: ruleArn, target: target.Arn });
        } else if (service === 'sqs') {
          const QueueUrl = await queueUrlOf(this.clients.sqs, target.Arn);
          const group = target.SqsParameters?.MessageGroupId;
          await this.clients.sqs.send(asService(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }), 'events.amazonaws.com', ruleArn));
          this.trace.emit({ kind: 'delivered', source: ruleArn, target: target.Arn });
        } else {
          this.trace.emit({ kind: 'refused', source: ruleArn, reason: `target ${target.Arn}: a scheduled rule fires Lambda, SNS and SQS targets locally` });
        }
      } catch (error) {
        const { name, message } = error as Error;
        this.trace.emit({ kind: /AccessDenied|AuthorizationError/.test(name) ? 'refused' : 'error', source: ruleArn, reason: `${name}: ${message}` });
      }
    }
  }
}
