// The resources pages: tables, queues, topics, functions, alarms and schedules
// of the deployed labs. Every action (edit or delete an item, publish, redrive)
// is the AWS API call a learner would make; none has a private back door.
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DescribeTableCommand, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, GetPolicyCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, paginateListTopics, PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListMessageMoveTasksCommand, paginateListQueues, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { paginateListTables } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { deadLetterQueues, peek } from '@streamlab/labs/dead-letters';
import { describe as describeGrants, inlinePolicies } from '@streamlab/labs/role-policies';
import type { Context, Deployment } from './context.ts';
import { depth, logEvents, logGroupOf } from './readers.ts';
import { traceSince } from './trace.ts';
import { resourceName } from '@streamlab/kit/arn';
import { BadRequest } from '@streamlab/kit/errors';

function labTables(d: Deployment): { lab: number; name: string }[] {
  const { lab1, lab2, lab3 } = d.target;
  return [
    { lab: 1, name: lab1.messages_table },
    { lab: 2, name: lab2.orders_table },
    { lab: 3, name: lab3.submissions_table },
    { lab: 3, name: lab3.idempotency_table },
  ];
}

function labQueues(d: Deployment): { lab: number; url: string }[] {
  const { lab1, lab2, lab3 } = d.target;
  const urls: [number, string | null][] = [
    [1, lab1.test_queue_url], [1, lab1.test_queue_dlq_url], [1, lab1.subscription_dlq_url], [1, lab1.stream_failures_queue_url],
    [2, lab2.order_queue_url], [2, lab2.order_dlq_url],
    [3, lab3.ingest_queue_url], [3, lab3.ingest_dlq_url], [3, lab3.ingest_subscription_dlq], [3, lab3.processor_dlq_url], [3, lab3.replies_queue_url],
  ];
  return urls.filter((u): u is [number, string] => Boolean(u[1])).map(([lab, url]) => ({ lab, url }));
}

function labFunctions(d: Deployment): { lab: number; name: string }[] {
  const { lab1, lab2, lab3 } = d.target;
  return [
    { lab: 1, name: lab1.processor_function_name },
    { lab: 2, name: lab2.processor_function_name },
    { lab: 3, name: lab3.webhook_function_name },
    { lab: 3, name: lab3.processor_function_name },
    { lab: 3, name: lab3.stale_function_name },
  ];
}

function labTopics(d: Deployment): { lab: number; arn: string }[] {
  const { lab1, lab2, lab3 } = d.target;
  const arns: [number, string | null][] = [[1, lab1.notifications_topic_arn], [2, lab2.order_topic_arn], [3, lab3.ingest_topic_arn], [3, lab3.replies_topic_arn], [3, lab3.alerts_topic_arn]];
  return arns.filter((a): a is [number, string] => Boolean(a[1])).map(([lab, arn]) => ({ lab, arn }));
}

// The whole account, as the AWS console shows it: the lab's resources first
// (with their lab's number), then every other one (lab 0: yours).
async function names<P>(pages: AsyncIterable<P>, pick: (page: P) => (string | undefined)[] | undefined): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []).filter((n): n is string => Boolean(n)));
  return out;
}

async function accountTables(d: Deployment): Promise<{ lab: number; name: string }[]> {
  const lab = labTables(d);
  const all = await names(paginateListTables({ client: d.clients.dynamodb }, {}), (p) => p.TableNames);
  return [...lab, ...all.filter((n) => !lab.some((t) => t.name === n)).map((name) => ({ lab: 0, name }))];
}

async function accountQueues(d: Deployment): Promise<{ lab: number; url: string }[]> {
  const lab = labQueues(d);
  const all = await names(paginateListQueues({ client: d.clients.sqs }, {}), (p) => p.QueueUrls);
  const nameOf = (url: string) => url.split('/').at(-1);
  return [...lab, ...all.filter((u) => !lab.some((q) => nameOf(q.url) === nameOf(u))).map((url) => ({ lab: 0, url }))];
}

async function accountFunctions(d: Deployment): Promise<{ lab: number; name: string }[]> {
  const lab = labFunctions(d);
  const all = await names(paginateListFunctions({ client: d.clients.lambda }, {}), (p) => p.Functions?.map((f) => f.FunctionName));
  return [...lab, ...all.filter((n) => !lab.some((f) => f.name === n)).sort().map((name) => ({ lab: 0, name }))];
}

async function accountTopics(d: Deployment): Promise<{ lab: number; arn: string }[]> {
  const lab = labTopics(d);
  const all = await names(paginateListTopics({ client: d.clients.sns }, {}), (p) => p.Topics?.map((t) => t.TopicArn));
  return [...lab, ...all.filter((a) => !lab.some((t) => t.arn === a)).map((arn) => ({ lab: 0, arn }))];
}

/** A name the request gave must be a resource of the account: the console acts on what it lists. */
function known<T>(items: T[], pick: (item: T) => string, value: string | null, what: string): string {
  if (value && items.some((i) => pick(i) === value)) return value;
  throw new BadRequest(`${what} "${value ?? ''}" is not in this account`);
}

function arnOfQueue(d: Deployment, url: string): string {
  const [account, name] = new URL(url).pathname.split('/').filter(Boolean);
  return `arn:aws:sqs:${d.target.region}:${account}:${name}`;
}

export async function tables(ctx: Context) {
  const d = ctx.deployment();
  return Promise.all(
    (await accountTables(d)).map(async (t) => {
      const { Table } = await d.clients.dynamodb.send(new DescribeTableCommand({ TableName: t.name }));
      return {
        ...t,
        keys: (Table?.KeySchema ?? []).map((k) => k.AttributeName!),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName!),
        stream: Table?.StreamSpecification?.StreamEnabled ? `${Table.StreamSpecification.StreamViewType} (${Table.LatestStreamArn})` : 'off',
        encryption: Table?.SSEDescription?.SSEType ?? 'AWS owned key',
      };
    }),
  );
}

/** Up to 100 items; `filter` keeps those whose JSON contains it (the console's "Explore table items" search). */
export async function items(ctx: Context, table: string | null, filter: string | null) {
  const d = ctx.deployment();
  const name = known(await accountTables(d), (t) => t.name, table, 'table');
  const found: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  let scanned = 0;
  do {
    const page = await d.clients.dynamodb.send(new ScanCommand({ TableName: name, ExclusiveStartKey: start, Limit: 500 }));
    for (const item of page.Items ?? []) {
      const plain = unmarshall(item);
      if (!filter || JSON.stringify(plain).toLowerCase().includes(filter.toLowerCase())) found.push(plain);
    }
    scanned += page.ScannedCount ?? 0;
    start = page.LastEvaluatedKey;
  } while (start && found.length < 100 && scanned < 20_000);
  return { table: name, items: found.slice(0, 100), scanned, more: Boolean(start) || found.length > 100 };
}

function writable(ctx: Context): void {
  if (ctx.readOnly) throw new BadRequest('the console is read-only on TARGET=aws: change your account with the AWS CLI or console');
}

export async function putItem(ctx: Context, body: { table?: string; item?: Record<string, unknown> }) {
  writable(ctx);
  const d = ctx.deployment();
  const name = known(await accountTables(d), (t) => t.name, body.table ?? null, 'table');
  if (!body.item || typeof body.item !== 'object') throw new BadRequest('item must be a JSON object');
  await d.clients.dynamodb.send(new PutItemCommand({ TableName: name, Item: marshall(body.item, { removeUndefinedValues: true }) }));
  return { ok: true, call: `PutItem ${name}` };
}

export async function deleteItem(ctx: Context, body: { table?: string; key?: Record<string, unknown> }) {
  writable(ctx);
  const d = ctx.deployment();
  const name = known(await accountTables(d), (t) => t.name, body.table ?? null, 'table');
  if (!body.key || typeof body.key !== 'object') throw new BadRequest('key must be a JSON object');
  await d.clients.dynamodb.send(new DeleteItemCommand({ TableName: name, Key: marshall(body.key) }));
  return { ok: true, call: `DeleteItem ${name}` };
}

export async function queues(ctx: Context) {
  const d = ctx.deployment();
  const dlqs = deadLetterQueues(d.target);
  return Promise.all(
    (await accountQueues(d)).map(async (q) => {
      const { Attributes = {} } = await d.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }));
      const redrive = Attributes['RedrivePolicy'] ? (JSON.parse(Attributes['RedrivePolicy']) as { deadLetterTargetArn: string; maxReceiveCount: number }) : undefined;
      const dlq = dlqs.find((x) => x.url === q.url);
      const { Results = [] } = dlq ? await d.clients.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOfQueue(d, q.url), MaxResults: 1 })).catch(() => ({ Results: [] })) : { Results: [] };
      return {
        ...q,
        name: q.url.split('/').at(-1)!,
        ...(await depth(d.clients, q.url)),
        visibilityTimeout: Number(Attributes['VisibilityTimeout']),
        redrive: redrive ? { dlq: resourceName(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount) } : undefined,
        dlq: dlq ? { key: dlq.key, what: dlq.what, canRedrive: dlq.key !== 'stream-failures' && dlq.key !== 'processor' && dlq.key !== 'webhook-subscription' } : undefined,
        lastMoveTask: Results[0],
      };
    }),
  );
}

export async function peekQueue(ctx: Context, url: string | null) {
  const d = ctx.deployment();
  const queue = known(await accountQueues(d), (q) => q.url, url, 'queue');
  const dlq = deadLetterQueues(d.target).find((q) => q.url === queue);
  const messages = await peek(d.clients, queue, 10);
  return messages.map((m) => ({
    id: m.MessageId,
    body: m.Body,
    receiveCount: Number(m.Attributes?.['ApproximateReceiveCount'] ?? 0),
    sent: m.Attributes?.['SentTimestamp'] ? new Date(Number(m.Attributes['SentTimestamp'])).toISOString() : undefined,
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? ''])),
    reason: dlq ? dlq.reason(m.Body ?? '', m) : undefined,
  }));
}

/** One button: StartMessageMoveTask from a DLQ back to its source queue, as the SQS console's "Start DLQ redrive". */
export async function redrive(ctx: Context, body: { url?: string }) {
  writable(ctx);
  const d = ctx.deployment();
  const url = known(await accountQueues(d), (q) => q.url, body.url ?? null, 'queue');
  const { TaskHandle } = await d.clients.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOfQueue(d, url) }));
  return { ok: true, call: `StartMessageMoveTask ${url.split('/').at(-1)}`, taskHandle: TaskHandle };
}

export async function topics(ctx: Context) {
  const d = ctx.deployment();
  return Promise.all(
    (await accountTopics(d)).map(async (t) => {
      const { Subscriptions = [] } = await d.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: t.arn }));
      return {
        ...t,
        name: resourceName(t.arn),
        subscriptions: await Promise.all(
          Subscriptions.map(async (s) => {
            // AWS lists a pending subscription as "PendingConfirmation"; the emulator gives it an ARN, whose attributes say.
            const attributes = s.SubscriptionArn?.startsWith('arn:') ? (await d.clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }))).Attributes : undefined;
            const pending = !attributes || attributes['PendingConfirmation'] === 'true';
            // A filter policy decides which messages the subscription receives (on attributes or on the body).
            const filterPolicy = attributes?.['FilterPolicy'] ? { policy: attributes['FilterPolicy'], scope: attributes['FilterPolicyScope'] ?? 'MessageAttributes' } : undefined;
            return { protocol: s.Protocol, endpoint: s.Endpoint, arn: s.SubscriptionArn, pending, filterPolicy };
          }),
        ),
      };
    }),
  );
}

/** The SNS console's "Publish message": subject, body and string attributes. */
export async function publish(ctx: Context, body: { arn?: string; subject?: string; message?: string; attributes?: Record<string, string> }) {
  writable(ctx);
  const d = ctx.deployment();
  const arn = known(await accountTopics(d), (t) => t.arn, body.arn ?? null, 'topic');
  if (!body.message) throw new BadRequest('message is required');
  const { MessageId } = await d.clients.sns.send(
    new PublishCommand({
      TopicArn: arn,
      Subject: body.subject || undefined,
      Message: body.message,
      MessageAttributes: Object.fromEntries(Object.entries(body.attributes ?? {}).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
    }),
  );
  return { ok: true, call: `Publish ${resourceName(arn)}`, messageId: MessageId };
}

export async function functions(ctx: Context) {
  const d = ctx.deployment();
  const iam = new IAMClient(d.target.clientConfig);
  return Promise.all(
    (await accountFunctions(d)).map(async (f) => {
      const c = await d.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.name }));
      const policy = await d.clients.lambda.send(new GetPolicyCommand({ FunctionName: f.name })).then((p) => JSON.parse(p.Policy ?? '{}') as unknown, () => null);
      const { ReservedConcurrentExecutions } = await d.clients.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: f.name }));
      const role = c.Role?.split('/').at(-1) ?? '';
      const inline = await inlinePolicies(iam, role).catch(() => []);
      const { AttachedPolicies = [] } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role })).catch(() => ({ AttachedPolicies: [] }));
      return {
        ...f,
        runtime: c.Runtime,
        handler: c.Handler,
        memory: c.MemorySize,
        timeout: c.Timeout,
        reservedConcurrency: ReservedConcurrentExecutions,
        environment: Object.keys(c.Environment?.Variables ?? {}),
        deadLetter: c.DeadLetterConfig?.TargetArn,
        role: c.Role,
        rolePolicies: inline.map((p) => ({ name: p.policyName, grants: describeGrants([p]) })),
        attachedPolicies: AttachedPolicies.map((p) => p.PolicyArn),
        resourcePolicy: policy,
        logGroup: c.LoggingConfig?.LogGroup ?? logGroupOf(f.name),
      };
    }),
  );
}

export async function logTail(ctx: Context, fn: string | null, sinceMs: number) {
  const d = ctx.deployment();
  const name = known(await accountFunctions(d), (f) => f.name, fn, 'function');
  const { LoggingConfig } = await d.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  const events = await logEvents(d.clients, LoggingConfig?.LogGroup ?? logGroupOf(name), undefined, sinceMs, 500);
  return events.slice(-200).map((e) => ({ time: new Date(e.timestamp ?? 0).toISOString(), stream: e.logStreamName, message: e.message }));
}

export async function alarms(ctx: Context) {
  const d = ctx.deployment();
  const names = d.target.lab3.alarm_names;
  if (names.length === 0) return [];
  const { MetricAlarms = [] } = await d.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names }));
  return Promise.all(
    MetricAlarms.map(async (a) => {
      // moto has no DescribeAlarmHistory: locally the runtime's alarm transitions (its trace) stand in for it.
      const history = await d.clients.cloudwatch
        .send(new DescribeAlarmHistoryCommand({ AlarmName: a.AlarmName, HistoryItemType: 'StateUpdate', MaxRecords: 20 }))
        .then(
          ({ AlarmHistoryItems = [] }) => AlarmHistoryItems.map((h) => ({ time: h.Timestamp?.toISOString(), summary: h.HistorySummary })),
          () =>
            traceSince(ctx.stateDir, 0)
              .filter((e) => e.kind === 'alarm' && e['alarm'] === a.AlarmName)
              .reverse()
              .slice(0, 20)
              .map((e) => ({ time: e.time, summary: `Alarm updated from ${String(e['from'])} to ${String(e['to'])}` })),
        );
      return {
        name: a.AlarmName,
        state: a.StateValue,
        reason: a.StateReason,
        metric: `${a.Namespace} ${a.MetricName} ${a.Statistic} ${a.ComparisonOperator} ${a.Threshold}`,
        history,
      };
    }),
  );
}

export async function schedules(ctx: Context) {
  const d = ctx.deployment();
  const prefix = d.target.lab3.stale_function_name.replace(/stale-message-processor$/, '');
  const { Rules = [] } = await d.clients.events.send(new ListRulesCommand({ NamePrefix: prefix }));
  return Promise.all(
    Rules.map(async (r) => {
      const { Targets = [] } = await d.clients.events.send(new ListTargetsByRuleCommand({ Rule: r.Name }));
      return { name: r.Name, expression: r.ScheduleExpression, state: r.State, targets: Targets.map((t) => t.Arn && resourceName(t.Arn)) };
    }),
  );
}
