// streamlab's local Lambda runtime. It holds no topology of its own: it reads
// the functions and event source mappings that Terraform created in the
// emulator (when the emulator nudges a change, and every 30 s as a safety net),
// and runs a poller per mapping. See docs/local-runtime.md.
import { ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import { Alarms } from './alarms.ts';
import { AsyncInvoker } from './async-invoker.ts';
import { Checkpoints } from './checkpoints.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { FunctionUrls } from './function-urls.ts';
import { Functions } from './functions.ts';
import { startHttpServer } from './http-server.ts';
import { Metrics } from './metrics.ts';
import { RoleCredentials } from './role-credentials.ts';
import { Schedules } from './schedules.ts';
import { SqsPoller } from './sqs-poller.ts';
import { StreamPoller } from './stream-poller.ts';
import { Trace } from './trace.ts';
import { Wakeups } from './wakeups.ts';

const config = loadConfig();
const clients = createClients(config);
const trace = new Trace(config.stateDir, process.env['STREAMLAB_QUIET'] === '1');
const roles = new RoleCredentials(clients.sts, config.iamEnforced);
const metrics = new Metrics(clients.cloudwatch);
const functions = new Functions(config, clients, trace, roles, metrics);
const checkpoints = new Checkpoints(config.stateDir);
const wakeups = new Wakeups(config.nudgePort);
const pollers = new Map<string, StreamPoller | SqsPoller>();
const asyncInvoker = new AsyncInvoker(join(config.stateDir, 'inbox'), { clients, functions, trace, metrics, timeScale: config.timeScale });
const functionUrls = new FunctionUrls({ clients, functions, metrics, trace, iamEnforced: config.iamEnforced });
const httpServer = startHttpServer(config.httpPort, { functions, metrics, trace, functionUrls });
/** Ends the discovery loop's wait: the emulator nudged that Terraform changed a function, mapping, schedule or alarm. */
let configChanged = false;
let rediscoverNow: (() => void) | undefined;
const schedules = new Schedules(clients, trace, { timeScale: config.timeScale, region: config.region });
const alarms = new Alarms(clients, trace, { intervalMs: config.alarmIntervalMs, region: config.region });
wakeups.onNudge((kind, arn) => {
  alarms.sawActivity();
  if (kind === 'async') asyncInvoker.scan();
  if (kind === 'config') {
    if (arn === 'awslambda') {
      asyncInvoker.forgetConfigs();
      functionUrls.forget();
    }
    configChanged = true;
    rediscoverNow?.();
  }
});
metrics.onRecord = () => alarms.sawActivity();
// Every async event is nudged; the scan also catches one whose nudge was lost.
const inboxTimer = setInterval(() => asyncInvoker.scan(), config.safetyNetMs);
let stopping = false;

async function listMappings(): Promise<EventSourceMappingConfiguration[]> {
  const all: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.lambda.send(new ListEventSourceMappingsCommand({ Marker: marker }));
    all.push(...(page.EventSourceMappings ?? []));
    marker = page.NextMarker;
  } while (marker);
  return all;
}

function startPoller(mapping: EventSourceMappingConfiguration): StreamPoller | SqsPoller | undefined {
  const source = mapping.EventSourceArn ?? '';
  const deps = { clients, functions, wakeups, trace, metrics, idlePollMs: config.idlePollMs, safetyNetMs: config.safetyNetMs };
  if (source.includes(':dynamodb:')) return new StreamPoller(mapping, { ...deps, checkpoints });
  if (source.includes(':sqs:')) return new SqsPoller(mapping, deps, config.region);
  return undefined;
}

async function discover(): Promise<void> {
  await functions.refresh();
  await schedules.refresh();
  const mappings = await listMappings();
  const current = new Set<string>();
  for (const mapping of mappings) {
    current.add(mapping.UUID!);
    const known = pollers.get(mapping.UUID!);
    if (known) {
      known.update(mapping);
      continue;
    }
    const poller = startPoller(mapping);
    if (!poller) continue;
    pollers.set(mapping.UUID!, poller);
    trace.emit(
      { kind: 'discovered', source: mapping.EventSourceArn, function: mapping.FunctionArn },
      `mapping ${mapping.EventSourceArn?.split(':')[5]} → ${mapping.FunctionArn?.split(':').at(-1)}`,
    );
  }
  for (const [uuid, poller] of pollers) {
    if (!current.has(uuid)) {
      poller.stop();
      pollers.delete(uuid);
    }
  }
}

/** Waits `ms`, or less when a config nudge arrives (at once if one came during the last discovery). */
async function untilRediscovery(ms: number): Promise<void> {
  if (!configChanged) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        rediscoverNow = undefined;
        resolve();
      }
      rediscoverNow = done;
    });
  }
  // One apply changes many things in a row: let them land, then read them once.
  await new Promise((resolve) => setTimeout(resolve, configChanged ? 100 : 0));
}

async function discoveryLoop(): Promise<void> {
  let reported = false;
  while (!stopping) {
    configChanged = false;
    try {
      await discover();
      reported = false;
    } catch (error) {
      if (!reported) console.error(`runtime: cannot reach the emulator at ${config.endpoint} (${(error as Error).message}); retrying`);
      reported = true;
    }
    await untilRediscovery(reported ? config.idlePollMs * 2 : config.discoveryMs);
  }
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const poller of pollers.values()) poller.stop();
  asyncInvoker.stop();
  schedules.stop();
  alarms.stop();
  clearInterval(inboxTimer);
  httpServer.close();
  await Promise.race([Promise.all([...pollers.values()].map((p) => p.done)), new Promise((r) => setTimeout(r, 3000))]);
  await functions.close();
  await metrics.close();
  wakeups.close();
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
console.log(
  `streamlab runtime: emulator ${config.endpoint}, nudges on udp ${config.nudgePort}, invoke on http ${config.httpPort}, state ${config.stateDir}${config.timeScale < 1 ? `, time scale ${config.timeScale}` : ''}, IAM ${config.iamEnforced ? 'enforced' : 'off'}`,
);
void discoveryLoop();
