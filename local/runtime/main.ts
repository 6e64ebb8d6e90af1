// streamlab's local Lambda runtime: the composition root. It holds no topology
// of its own: it reads the functions, event source mappings and schedules that
// Terraform created in the emulator (when the emulator nudges a change, and
// every 30 s as a safety net) and runs them. See docs/local-runtime.md.
import { join } from 'node:path';
import { Alarms, alarmReads } from './alarms.ts';
import { AsyncInvoker } from './async-invoker.ts';
import { Checkpoints } from './checkpoints.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { configGeneration, Discovery } from './discovery.ts';
import { EventSourceMappings } from './event-source-mappings.ts';
import { FunctionUrls } from './function-urls.ts';
import { Functions } from './functions.ts';
import { ApiGatewayPermissions } from './api-gateway-permissions.ts';
import { HttpApis } from './http-apis.ts';
import { RestApis } from './rest-apis.ts';
import { startHttpServer } from './http-server.ts';
import { Invoker } from './invoker.ts';
import { Metrics } from './metrics.ts';
import { RoleCredentials } from './role-credentials.ts';
import { RuleSchedules } from './rule-schedules.ts';
import { ScheduleTimer } from './schedule-timer.ts';
import { SchedulerSchedules } from './scheduler-schedules.ts';
import { Trace } from './trace.ts';
import { Wakeups } from './wakeups.ts';

const config = loadConfig();
const clients = createClients(config);
const trace = new Trace(config.stateDir, process.env['STREAMLAB_QUIET'] === '1');
const metrics = new Metrics(clients.cloudwatch);
const invoker = new Invoker({ metrics, trace });
const roles = new RoleCredentials(clients.sts, config.iamEnforced);
const functions = new Functions(config, clients, trace, roles, metrics);
const wakeups = new Wakeups(config.nudgePort);
const mappings = new EventSourceMappings({
  clients,
  functions,
  invoker,
  metrics,
  trace,
  wakeups,
  checkpoints: new Checkpoints(config.stateDir),
  region: config.region,
  idlePollMs: config.idlePollMs,
  safetyNetMs: config.safetyNetMs,
});
const scheduleTimer = new ScheduleTimer(config.timeScale, (key, error) => trace.emit({ kind: 'error', source: key.replace(/^\w+:/, ''), reason: `${error.name}: ${error.message}` }));
const ruleSchedules = new RuleSchedules(clients, trace, scheduleTimer, config.region);
const schedulerSchedules = new SchedulerSchedules(config, roles, trace, scheduleTimer);
const alarms = new Alarms(clients, trace, { intervalMs: config.alarmIntervalMs, region: config.region, reads: (queries) => alarmReads(config.endpoint, queries) });
const asyncInvoker = new AsyncInvoker(join(config.stateDir, 'inbox'), { clients, functions, trace, invoker, metrics, timeScale: config.timeScale });
const functionUrls = new FunctionUrls({ clients, functions, invoker, trace, iamEnforced: config.iamEnforced, endpoint: config.endpoint });
const apiPermissions = new ApiGatewayPermissions(clients);
const httpApis = new HttpApis({ endpoint: config.endpoint, region: config.region, clients, functions, invoker, trace, permissions: apiPermissions, iamEnforced: config.iamEnforced });
const restApis = new RestApis({ endpoint: config.endpoint, region: config.region, clients, functions, invoker, trace, permissions: apiPermissions, iamEnforced: config.iamEnforced });
const httpServer = startHttpServer(config.httpPort, { functions, invoker, functionUrls, httpApis, restApis, ready: () => discovery.hasRead });
/** What a config change of `service` (undefined: any service) makes the runtime forget. */
function forgetConfigOf(service: string | undefined): void {
  const any = service === undefined;
  if (any || service === 'awslambda') {
    asyncInvoker.forgetConfigs();
    functionUrls.forget();
    apiPermissions.forget();
  }
  if (any || service === 'awslambda' || service === 'apigatewayv2') httpApis.forget();
  if (any || service === 'awslambda' || service === 'apigateway') restApis.forget();
}

const discovery = new Discovery([functions, ruleSchedules, schedulerSchedules, mappings], {
  endpoint: config.endpoint,
  intervalMs: config.discoveryMs,
  retryMs: config.idlePollMs * 2,
  generation: () => configGeneration(config.endpoint),
  onUnannounced: () => forgetConfigOf(undefined),
});

functions.catchUp = () => discovery.caughtUp();

wakeups.onNudge(({ kind, arn }) => {
  alarms.sawActivity();
  if (kind === 'async') asyncInvoker.scan();
  if (kind === 'config') {
    forgetConfigOf(arn);
    discovery.now();
  }
});
metrics.onRecord = () => alarms.sawActivity();
// Every async event is nudged; the scan also catches one whose nudge was lost.
const inboxTimer = setInterval(() => asyncInvoker.scan(), config.safetyNetMs);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  discovery.stop();
  asyncInvoker.stop();
  scheduleTimer.stop();
  schedulerSchedules.stop();
  alarms.stop();
  clearInterval(inboxTimer);
  httpServer.close();
  await mappings.stop(3000);
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
void discovery.run();
