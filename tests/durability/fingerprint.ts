// What a local instance holds, read through the AWS APIs as a learner would see
// it: every table's items and stream, every queue's message counts, every
// subscription's confirmation, every function and mapping, alarms with their
// state and history, log groups, metrics, rules, roles, keys and parameters.
// Two fingerprints are equal when the clouds they describe are.
import { DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogStreamsCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListEventSourceMappingsCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListSubscriptionsCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { GetSubscriptionAttributesCommand } from '@aws-sdk/client-sns';
import type { ScriptClients } from '@streamlab/kit/clients';
import type { Target } from '@streamlab/kit/target';

export type Fingerprint = Record<string, unknown>;

export async function fingerprint(target: Target, clients: ScriptClients): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const name of (await clients.dynamodb.send(new ListTablesCommand({}))).TableNames ?? []) {
    const table = (await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
    const keys: string[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await clients.dynamodb.send(new ScanCommand({ TableName: name, ExclusiveStartKey: start }));
      keys.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
    out[`table ${name}`] = { stream: table?.LatestStreamArn, items: keys.sort() };
  }
  for (const url of (await clients.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []) {
    const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    out[`queue ${url.split('/').pop()}`] = {
      visible: Attributes['ApproximateNumberOfMessages'],
      inFlight: Attributes['ApproximateNumberOfMessagesNotVisible'],
      delayed: Attributes['ApproximateNumberOfMessagesDelayed'],
      redrive: Attributes['RedrivePolicy'],
    };
  }
  for (const subscription of (await clients.sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []) {
    const arn = subscription.SubscriptionArn!;
    const pending = arn.startsWith('arn:') ? (await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes?.['PendingConfirmation'] : 'true';
    out[`subscription ${subscription.Protocol} ${subscription.Endpoint} ${subscription.TopicArn}`] = { arn, pending };
  }
  for (const fn of (await clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? []) out[`function ${fn.FunctionName}`] = { sha: fn.CodeSha256, runtime: fn.Runtime };
  for (const m of (await clients.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? []) out[`mapping ${m.UUID}`] = { source: m.EventSourceArn, state: m.State };
  for (const alarm of (await clients.cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []) {
    const definition = { metric: `${alarm.Namespace} ${alarm.MetricName}`, threshold: alarm.Threshold, comparison: alarm.ComparisonOperator, actions: alarm.AlarmActions };
    // moto keeps no alarm history (DescribeAlarmHistory is not implemented): the state, its reason and time.
    // The clock moves a lab alarm's state (an errors datapoint ages out of its period,
    // during a restart too), so only an alarm that holds its state (missing data
    // ignored) is compared by its state; every alarm by its definition.
    const state = alarm.TreatMissingData === 'ignore' ? { state: alarm.StateValue, reason: alarm.StateReason, updated: alarm.StateUpdatedTimestamp?.toISOString() } : {};
    out[`alarm ${alarm.AlarmName}`] = { ...definition, ...state };
  }
  out['metrics'] = ((await clients.cloudwatch.send(new ListMetricsCommand({}))).Metrics ?? []).map((m) => `${m.Namespace} ${m.MetricName} ${JSON.stringify(m.Dimensions)}`).sort();
  for (const group of (await clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []) {
    const streams = (await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group.logGroupName }))).logStreams ?? [];
    out[`log group ${group.logGroupName}`] = { retention: group.retentionInDays, streams: streams.map((s) => s.logStreamName).sort() };
  }
  const config = target.clientConfig;
  out['rules'] = ((await new EventBridgeClient(config).send(new ListRulesCommand({}))).Rules ?? []).map((r) => `${r.Name} ${r.ScheduleExpression ?? ''} ${r.State}`).sort();
  out['roles'] = ((await new IAMClient(config).send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? []).map((r) => `${r.RoleName} ${r.RoleId}`).sort();
  out['keys'] = ((await new KMSClient(config).send(new ListKeysCommand({}))).Keys ?? []).map((k) => k.KeyId).sort();
  return out;
}

/**
 * The keys whose values differ from `before` in `after`, each with both values
 * (short), for an assertion message. Log streams and metrics may only grow:
 * a scheduled function that runs after a restart starts a new execution
 * environment, and so a new log stream, as on AWS.
 */
export function differences(before: Fingerprint, after: Fingerprint): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => (k.startsWith('log group ') || k === 'metrics' ? !grewFrom(before[k], after[k]) : JSON.stringify(before[k]) !== JSON.stringify(after[k])))
    .map((k) => `${k}: ${JSON.stringify(before[k])?.slice(0, 200)} ≠ ${JSON.stringify(after[k])?.slice(0, 200)}`);
}

/** True when `after` holds everything `before` held (lists: every element; objects: each field, lists growing). */
function grewFrom(before: unknown, after: unknown): boolean {
  if (Array.isArray(before)) return Array.isArray(after) && before.every((x) => after.includes(x));
  if (before && typeof before === 'object') {
    if (!after || typeof after !== 'object') return false;
    return Object.entries(before).every(([k, v]) => grewFrom(v, (after as Record<string, unknown>)[k]));
  }
  return JSON.stringify(before) === JSON.stringify(after);
}

/**
 * A fingerprint of a cloud at rest. Just after a test acts, the runtime may
 * still be carrying a stream record to a queue, and an alarm's evaluation may
 * be due, and lab 4's analytics may hold an open tumbling window whose row
 * is written once it closes. Reads once a second until nothing has changed
 * for longer than both the runtime's alarm interval (local/test.sh sets 1 s; a
 * learner's instance 10 s) and the analytics window (10 s in tests; its final
 * invocation comes a second after the window's end).
 */
export async function settledFingerprint(target: Target, clients: ScriptClients, timeoutMs = 90_000): Promise<Fingerprint> {
  const alarmMs = Number(process.env['STREAMLAB_ALARM_INTERVAL_MS'] ?? 10_000);
  const windowMs = (target.lab4?.analytics_window_seconds ?? 0) * 1000;
  const quietMs = Math.max(alarmMs, windowMs + 1000) + 2000;
  const deadline = Date.now() + timeoutMs;
  let settled = await fingerprint(target, clients);
  let since = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = await fingerprint(target, clients);
    const moving = differences(settled, current);
    if (moving.length === 0 && Date.now() - since >= quietMs) return current;
    if (moving.length > 0) {
      if (Date.now() > deadline) throw new Error(`the cloud did not settle in ${timeoutMs / 1000} s: ${moving.join('; ')}`);
      settled = current;
      since = Date.now();
    }
  }
}
