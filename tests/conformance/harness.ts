// Set-up shared by the conformance tests: purpose-built probe functions,
// queues and tables created through the AWS APIs (as any tool would), which
// the runtime discovers like the ones Terraform creates. Each test uses fresh
// resources with a unique prefix, so tests do not see each other's data.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  LambdaClient,
  type CreateEventSourceMappingCommandInput,
  type LoggingConfig,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAccount, REPO_ROOT } from '@streamlab/kit/target';
import { sleep, traceEvents as readTrace, until } from '../support.ts';
import { receiveAll } from '@streamlab/kit/queues';
import { strToU8, zipSync } from 'fflate';

export { sleep, until };

process.env['STREAMLAB_INSTANCE'] ??= 'test';
// The account only: the suite builds its own resources and needs no lab deployed.
export const target = loadAccount('local');
export const lambda = new LambdaClient(target.clientConfig);
export const sqs = new SQSClient(target.clientConfig);
export const ddb = new DynamoDBClient(target.clientConfig);
export const iam = new IAMClient(target.clientConfig);
const PROBE_ZIP = join(REPO_ROOT, 'build', 'conformance', 'probe.zip');

export const unique = (what: string) => `conf-${what}-${randomUUID().slice(0, 6)}`;

/**
 * What the tests created, so that each file removes it when it ends. Probes left
 * behind keep being polled (one of them fails every second, forever) and slow
 * down every suite that runs after this one.
 */
const created = { mappings: [] as string[], functions: [] as string[], queues: [] as string[], tables: [] as string[] };

/** Deletes every mapping, function, queue and table this file created (for test.after). */
export async function removeCreated(): Promise<void> {
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined); // a test may have removed it already
  for (const UUID of created.mappings.splice(0)) await quietly(lambda.send(new DeleteEventSourceMappingCommand({ UUID })));
  for (const FunctionName of created.functions.splice(0)) await quietly(lambda.send(new DeleteFunctionCommand({ FunctionName })));
  for (const QueueUrl of created.queues.splice(0)) await quietly(sqs.send(new DeleteQueueCommand({ QueueUrl })));
  for (const TableName of created.tables.splice(0)) await quietly(ddb.send(new DeleteTableCommand({ TableName })));
}

/** Lines of the runtime's trace (what it did), optionally after a point in time. */
export function traceEvents(since = 0): Record<string, unknown>[] {
  return readTrace(target.stateDir, since);
}

export async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  created.queues.push(QueueUrl!);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!['QueueArn']! };
}

export async function createStreamTable(name: string): Promise<{ tableName: string; streamArn: string }> {
  const { TableDescription } = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  created.tables.push(name);
  return { tableName: name, streamArn: TableDescription!.LatestStreamArn! };
}

/** A probe function plus the queue it reports every invocation to. */
export interface Probe {
  name: string;
  arn: string;
  log: { url: string; arn: string };
}

let role: Promise<string> | undefined;

/**
 * The probes' execution role. IAM is enforced locally, so a probe needs the
 * permissions its tests exercise: its own log queue, the queues, tables and
 * streams the tests create, and its logs. A test of a missing permission makes
 * its own, narrower role.
 */
async function probeRole(): Promise<string> {
  const name = unique('probe-role');
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'probe',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:*', 'dynamodb:*', 'sns:*', 'logs:*'], Resource: '*' }] }),
    }),
  );
  return Role!.Arn!;
}

export async function createProbe(
  what: string,
  options: { env?: Record<string, string>; timeout?: number; reserved?: number; deadLetterArn?: string; role?: string } = {},
): Promise<Probe> {
  const name = unique(what);
  const log = await createQueue(`${name}-log`);
  if (!options.role) role ??= probeRole();
  const { FunctionArn } = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: options.role ?? (await role),
      Handler: 'index.handler',
      Code: { ZipFile: readFileSync(PROBE_ZIP) },
      Timeout: options.timeout ?? 10,
      Environment: { Variables: { PROBE_LOG_URL: log.url, PROBE_TAG: name, ...options.env } },
      DeadLetterConfig: options.deadLetterArn ? { TargetArn: options.deadLetterArn } : undefined,
    }),
  );
  created.functions.push(name);
  if (options.reserved !== undefined) {
    const { PutFunctionConcurrencyCommand } = await import('@aws-sdk/client-lambda');
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: options.reserved }));
  }
  const since = Date.now() - 5000;
  await until(`the runtime to discover ${name}`, 10_000, () => traceEvents(since).some((e) => e['kind'] === 'discovered' && e['function'] === name));
  return { name, arn: FunctionArn!, log };
}

/** Creates a mapping and waits until the runtime polls it. */
export async function createMapping(input: CreateEventSourceMappingCommandInput): Promise<string> {
  const since = Date.now() - 5000;
  const { UUID } = await lambda.send(new CreateEventSourceMappingCommand(input));
  created.mappings.push(UUID!);
  await until('the runtime to discover the mapping', 10_000, () =>
    traceEvents(since).some((e) => e['kind'] === 'discovered' && e['source'] === input.EventSourceArn),
  );
  return UUID!;
}

export interface ProbeInvocation {
  functionName: string;
  awsRequestId: string;
  remainingMs: number;
  tag: string;
  instanceId: string;
  invocationsInThisInstance: number;
  startedAt: number;
  items: { id?: string; identifier?: string; receiveCount?: string; eventSourceARN?: string; messageAttributes?: Record<string, Record<string, unknown>> }[];
  event?: Record<string, unknown>;
  /** A tumbling window invocation's fields. */
  window?: { window: { start: string; end: string }; state: { ids?: string[] }; shardId: string; isFinalInvokeForWindow: boolean; isWindowTerminatedEarly: boolean };
}

/** Reads every invocation report from a probe's log queue, waiting for at least `atLeast`. */
export async function invocations(probe: Probe, atLeast: number, timeoutMs = 15_000, settleMs = 300): Promise<ProbeInvocation[]> {
  const out: ProbeInvocation[] = [];
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    let read = 0;
    for await (const messages of receiveAll(sqs, probe.log.url)) {
      out.push(...messages.map((m) => JSON.parse(m.Body!) as ProbeInvocation));
      read += messages.length;
    }
    if (read > 0) {
      quietSince = Date.now();
      continue;
    }
    if (out.length >= atLeast && Date.now() - quietSince >= settleMs) break;
    await sleep(50);
  }
  return out.sort((a, b) => a.startedAt - b.startedAt);
}

/** Reads invocation reports until `done(reports so far)` holds or the timeout passes. */
export async function invocationsUntil(probe: Probe, done: (calls: ProbeInvocation[]) => boolean, timeoutMs: number): Promise<ProbeInvocation[]> {
  const out: ProbeInvocation[] = [];
  if (done(out)) return out;
  for await (const messages of receiveAll(sqs, probe.log.url, { WaitTimeSeconds: 1, until: Date.now() + timeoutMs })) {
    out.push(...messages.map((m) => JSON.parse(m.Body!) as ProbeInvocation));
    if (done(out)) break;
  }
  return out.sort((a, b) => a.startedAt - b.startedAt);
}

export async function drainQueue(url: string, atLeast: number, timeoutMs = 10_000): Promise<{ body: string; attributes: Record<string, string>; messageAttributes: Record<string, { StringValue?: string }> }[]> {
  const out: { body: string; attributes: Record<string, string>; messageAttributes: Record<string, { StringValue?: string }> }[] = [];
  if (atLeast <= 0) return out;
  for await (const messages of receiveAll(sqs, url, { MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], until: Date.now() + timeoutMs })) {
    out.push(...messages.map((m) => ({ body: m.Body!, attributes: (m.Attributes ?? {}) as Record<string, string>, messageAttributes: (m.MessageAttributes ?? {}) as Record<string, { StringValue?: string }> })));
    if (out.length >= atLeast) break;
  }
  return out;
}

/** An execution role `service` may assume (Lambda by default), with one inline policy of these statements. */
export async function createRole(what: string, statements: object[], service = 'lambda.amazonaws.com'): Promise<string> {
  const name = unique(what);
  // A service's role, or (given an ARN) one that principal assumes itself.
  const principal = service.startsWith('arn:') ? { AWS: service } : { Service: service };
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] }),
    }),
  );
  if (statements.length > 0) {
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: what, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  }
  return Role!.Arn!;
}

/** A function of the given source files (zipped here, as any tool would), discovered by the runtime; answers its name. */
export async function createFunctionFrom(
  what: string,
  files: Record<string, string>,
  options: { role: string; runtime?: string; handler?: string; logging?: LoggingConfig },
): Promise<string> {
  const name = unique(what);
  const since = Date.now() - 5000;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: (options.runtime ?? 'nodejs22.x') as Runtime, // any string: AWS refuses unknown ones, the emulator stores them
      Role: options.role,
      Handler: options.handler ?? 'index.handler',
      Code: { ZipFile: zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)]))) },
      Timeout: 10,
      LoggingConfig: options.logging,
    }),
  );
  created.functions.push(name);
  await until(`the runtime to discover ${name}`, 30_000, () => traceEvents(since).some((e) => e['kind'] === 'discovered' && e['function'] === name));
  return name;
}
