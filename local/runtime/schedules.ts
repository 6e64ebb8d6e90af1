// EventBridge schedules. moto stores rules and targets but never fires them; the
// runtime does: every ENABLED rule with a rate(...) expression invokes its Lambda
// targets asynchronously (InvocationType Event, through the emulator, so Lambda's
// async retries and DLQ apply) with the event EventBridge sends, or the target's
// constant Input. Like AWS, the first run comes one period after the rule is
// first seen. Periods are multiplied by STREAMLAB_TIME_SCALE. cron(...) rules are
// reported once and not run.
import { ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { nameOf, parseArn } from '@streamlab/kit/arn';
import { asService } from './as-service.ts';
import type { Clients } from './clients.ts';
import type { Trace } from './trace.ts';

const UNIT_SECONDS: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 };

/** rate(5 minutes) → 300000 ms; undefined for anything else (cron, bad syntax). */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value < 1 || (value === 1) !== !unit.endsWith('s')) return undefined; // AWS: "1 minute", "5 minutes"
  return value * UNIT_SECONDS[unit]! * 1000;
}

interface Scheduled {
  expression: string;
  periodMs: number;
  nextAt: number;
}

export class Schedules {
  private readonly rules = new Map<string, Scheduled>();
  private readonly reported = new Set<string>();
  /** One timer, for the rule due first: an idle lab wakes only when a schedule fires. */
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly clients: Clients,
    private readonly trace: Trace,
    private readonly options: { timeScale: number; region: string },
  ) {}

  private arm(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.rules.size === 0) return;
    const next = Math.min(...[...this.rules.values()].map((r) => r.nextAt));
    this.timer = setTimeout(() => void this.fireDue().finally(() => this.arm()), Math.max(0, next - Date.now()));
  }

  /** Re-reads the rules (called with every discovery). */
  async refresh(): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.clients.events.send(new ListRulesCommand({ NextToken: token }));
      for (const rule of page.Rules ?? []) this.track(rule, seen);
      token = page.NextToken;
    } while (token);
    for (const arn of this.rules.keys()) if (!seen.has(arn)) this.rules.delete(arn);
    this.arm();
  }

  private track(rule: Rule, seen: Set<string>): void {
    if (!rule.Arn || !rule.ScheduleExpression || rule.State !== 'ENABLED') return;
    const periodMs = rateMs(rule.ScheduleExpression);
    if (periodMs === undefined) {
      if (!this.reported.has(rule.Arn)) {
        this.reported.add(rule.Arn);
        this.trace.emit({ kind: 'refused', source: rule.Arn, reason: `schedule ${rule.Name}: "${rule.ScheduleExpression}" is not run locally (only rate(...) expressions are)` });
      }
      return;
    }
    seen.add(rule.Arn);
    const scaled = Math.max(100, periodMs * this.options.timeScale);
    const known = this.rules.get(rule.Arn);
    if (known && known.expression === rule.ScheduleExpression) return;
    this.rules.set(rule.Arn, { expression: rule.ScheduleExpression, periodMs: scaled, nextAt: Date.now() + scaled });
    this.trace.emit({ kind: 'discovered', source: rule.Arn, detail: `${rule.ScheduleExpression}, first run in ${Math.round(scaled / 1000)} s` });
  }

  private async fireDue(): Promise<void> {
    const now = Date.now();
    for (const [arn, scheduled] of this.rules) {
      if (scheduled.nextAt > now) continue;
      scheduled.nextAt = now + scheduled.periodMs;
      await this.fire(arn).catch((error: Error) =>
        this.trace.emit({ kind: error.name === 'AccessDeniedException' ? 'refused' : 'error', source: arn, reason: `${error.name}: ${error.message}` }),
      );
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
      region: this.options.region,
      resources: [ruleArn],
      detail: {},
    };
    for (const target of targets.Targets ?? []) {
      if (!target.Arn?.includes(':lambda:')) continue;
      // As events.amazonaws.com: the function's resource policy must allow this rule (aws_lambda_permission).
      await this.clients.lambda.send(
        asService(new InvokeCommand({ FunctionName: target.Arn, InvocationType: 'Event', Payload: Buffer.from(target.Input ?? JSON.stringify(event)) }), 'events.amazonaws.com', ruleArn),
      );
      this.trace.emit({ kind: 'schedule', source: ruleArn, function: nameOf(target.Arn) });
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
