// Resolves --target into SDK client settings and the Terraform outputs of that
// deployment, so no script repeats this logic or needs editing.
// `make apply` saves the outputs to .streamlab/<instance>/outputs.json.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SetupError } from './errors.ts';

export type TargetName = 'local' | 'aws';

export interface Lab1Outputs {
  messages_table: string;
  notifications_topic_arn: string;
  test_queue_url: string;
  test_queue_dlq_url: string;
  subscription_dlq_url: string;
  stream_failures_queue_url: string;
  processor_function_name: string;
  processor_log_group_name: string;
  email_subscription_arns: Record<string, string>;
}

export interface Lab2Outputs {
  orders_table: string;
  order_topic_arn: string;
  order_queue_url: string;
  order_dlq_url: string;
  processor_function_name: string;
  processor_log_group_name: string;
}

export interface Lab3Outputs {
  delivery_mode: 'sns' | 'sqs';
  /** The ingest paths deployed: [delivery_mode], or both during a migration (absent before it existed). */
  ingest_paths?: ('sns' | 'sqs')[];
  webhook_url: string;
  webhook_function_name: string;
  processor_function_name: string;
  stale_function_name: string;
  submissions_table: string;
  idempotency_table: string;
  ingest_topic_arn: string | null;
  ingest_queue_url: string | null;
  ingest_dlq_url: string | null;
  ingest_subscription_dlq: string | null;
  processor_dlq_url: string;
  replies_topic_arn: string;
  replies_queue_url: string;
  alerts_topic_arn: string;
  alarm_names: string[];
}

export interface Lab4Outputs {
  /** The web app; ends with "/" (the page calls its API with relative URLs). */
  web_app_url: string;
  filtered_queue_url: string;
  preferences_table: string;
  digest_topic_arn: string;
  digest_archive_queue_url: string;
  digest_schedule_name: string;
  analytics_table: string;
  analytics_window_seconds: number;
  search_index_table: string;
  stream_failures_queue: string;
  function_names: { message_api: string; preferences_sync: string; digest: string; analytics: string; search_indexer: string };
}

/** Where a target's AWS APIs are: enough for a tool that reads any resource of the account. */
export type Account = Pick<Target, 'name' | 'instance' | 'stateDir' | 'region' | 'endpoint' | 'clientConfig'>;

export interface Target {
  name: TargetName;
  /** The deployment's folder under .streamlab (local, aws, or test for the test suite). */
  instance: string;
  stateDir: string;
  region: string;
  /** Emulator URL on the local target. */
  endpoint?: string;
  /** Settings for every SDK client. */
  clientConfig: { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  lab1: Lab1Outputs;
  lab2: Lab2Outputs;
  lab3: Lab3Outputs;
  lab4: Lab4Outputs;
  /** Lab 3's webhook HMAC secret (a sensitive output; never printed). */
  webhookSecret: string;
}

/** The checkout. STREAMLAB_ROOT overrides it for bundles that run from elsewhere (the lab console's, under .streamlab/). */
export const REPO_ROOT = process.env['STREAMLAB_ROOT'] || resolve(import.meta.dirname, '..', '..', '..');

/**
 * The instance folder of a target: `local` and `aws` by default. STREAMLAB_INSTANCE
 * chooses another one (the tests' `test`, the rehearsal's `rehearse`); make sets it.
 */
export function instanceOf(name: TargetName): string {
  return process.env['STREAMLAB_INSTANCE'] || name;
}

/** Every root output the scripts read. A key missing from outputs.json stops every script. */
export const REQUIRED_OUTPUTS = ['target', 'aws_region', 'endpoint', 'lab1', 'lab2', 'lab3', 'lab4', 'webhook_secret'] as const;

/** The required outputs a `terraform output -json` document lacks (or holds as null). */
export function missingOutputs(raw: Record<string, { value: unknown } | undefined>): string[] {
  return REQUIRED_OUTPUTS.filter((key) => raw[key] === undefined || raw[key]!.value === null || raw[key]!.value === undefined);
}

export function loadTarget(name: TargetName): Target {
  const instance = instanceOf(name);
  const stateDir = join(REPO_ROOT, '.streamlab', instance);
  const file = join(stateDir, 'outputs.json');
  const make = name === 'local' ? 'make apply' : 'make apply TARGET=aws';
  if (!existsSync(file)) {
    throw new SetupError(`nothing is deployed on the ${name} target (no ${file.replace(`${REPO_ROOT}/`, '')}): run \`${make}\``);
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { value: unknown }>;
  const missing = missingOutputs(raw);
  if (missing.length > 0) throw new SetupError(`output${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')} missing from ${file.replace(`${REPO_ROOT}/`, '')}: run \`${make}\` again`);
  const value = <T>(key: (typeof REQUIRED_OUTPUTS)[number]): T => raw[key]!.value as T;
  if (value<string>('target') !== name) {
    throw new SetupError(`${file.replace(`${REPO_ROOT}/`, '')} holds a ${value<string>('target')} deployment, not ${name} (STREAMLAB_INSTANCE=${instance})`);
  }
  const region = value<string>('aws_region');
  const endpoint = value<string>('endpoint') || undefined;
  return {
    name,
    instance,
    stateDir,
    region,
    endpoint,
    clientConfig: endpoint
      ? { region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }
      : { region },
    lab1: value<Lab1Outputs>('lab1'),
    lab2: value<Lab2Outputs>('lab2'),
    lab3: value<Lab3Outputs>('lab3'),
    lab4: value<Lab4Outputs>('lab4'),
    webhookSecret: value<string>('webhook_secret'),
  };
}

/**
 * The account of a target, whether or not the lab is deployed there: the lab's
 * outputs when they exist; else, locally, the endpoint `make up` recorded for
 * the instance (STREAMLAB_PORT first when set), and on AWS the region of the environment.
 */
export function loadAccount(name: TargetName): Account {
  const instance = instanceOf(name);
  const stateDir = join(REPO_ROOT, '.streamlab', instance);
  if (existsSync(join(stateDir, 'outputs.json'))) return loadTarget(name);
  if (name === 'aws') {
    const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
    return { name, instance, stateDir, region, clientConfig: { region } };
  }
  const endpoints = join(stateDir, 'endpoints.tfvars.json');
  const recorded = existsSync(endpoints) ? (JSON.parse(readFileSync(endpoints, 'utf8')) as { local_endpoint?: string }).local_endpoint : undefined;
  const port = process.env['STREAMLAB_PORT'];
  if (!port && !recorded) {
    throw new SetupError(`the local cloud of instance "${instance}" was never started: run \`make up\`, or run \`make apply\` to deploy the labs too`);
  }
  const endpoint = port ? `http://127.0.0.1:${port}` : recorded!;
  const region = 'us-east-1';
  return { name, instance, stateDir, region, endpoint, clientConfig: { region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } };
}

/** The lab's deployment on a target, or undefined when it is not deployed there. */
export function labTargetIfDeployed(name: TargetName): Target | undefined {
  return existsSync(join(REPO_ROOT, '.streamlab', instanceOf(name), 'outputs.json')) ? loadTarget(name) : undefined;
}
