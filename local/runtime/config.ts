// Settings of the local runtime, from the environment the launcher (local/up.sh) sets.
import { resolve } from 'node:path';
import { intEnv } from '@streamlab/kit/env';
import { portsOf } from './protocol.ts';

export interface RuntimeConfig {
  /** The emulator (moto) that holds all AWS state. */
  endpoint: string;
  region: string;
  /** UDP port where the emulator's launcher nudges us when data arrives. */
  nudgePort: number;
  /** Where checkpoints, unpacked code and the trace live (.streamlab/<instance>). */
  stateDir: string;
  /** Retry interval after an error or a refusal. */
  idlePollMs: number;
  /** Idle sleep of a poller whose new data the emulator nudges: the cost of a lost nudge. */
  safetyNetMs: number;
  /** Re-read of functions, mappings, schedules when no "config" nudge came (the emulator nudges every change). */
  discoveryMs: number;
  /**
   * An execution environment idle this long is retired; each function keeps
   * its most recently used one warm. AWS keeps them for minutes at its own
   * discretion; here the extra ones a burst started give their memory back
   * within a minute (ten frozen instances of one function hold about 400 MiB).
   */
  instanceIdleMs: number;
  /** HTTP port for synchronous Invoke calls forwarded by the emulator. */
  httpPort: number;
  /**
   * Scales the runtime's own waiting: the 1 and 2 minute pauses between async
   * retries. 1 (the default) is faithful to AWS; tests and demos use less.
   * SQS visibility timeouts belong to the emulator and are never scaled.
   */
  timeScale: number;
  /** How often CloudWatch alarms are evaluated (AWS: every minute). */
  alarmIntervalMs: number;
  /** Functions and their pollers act with their execution role (STREAMLAB_IAM=off: as the administrator). */
  iamEnforced: boolean;
}


function scaleFrom(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!(value > 0 && value <= 1)) throw new Error(`${name} must be a number in (0, 1], got "${raw}"`);
  return value;
}

export function loadConfig(): RuntimeConfig {
  const ports = portsOf(intEnv('STREAMLAB_PORT', 4566));
  return {
    endpoint: process.env['STREAMLAB_ENDPOINT'] ?? `http://127.0.0.1:${ports.emulator}`,
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    nudgePort: intEnv('STREAMLAB_NUDGE_PORT', ports.nudges),
    stateDir: resolve(process.env['STREAMLAB_STATE_DIR'] ?? '.streamlab/local'),
    idlePollMs: intEnv('STREAMLAB_IDLE_POLL_MS', 1000),
    safetyNetMs: intEnv('STREAMLAB_SAFETY_NET_MS', 10_000),
    discoveryMs: intEnv('STREAMLAB_DISCOVERY_MS', 30_000),
    instanceIdleMs: intEnv('STREAMLAB_INSTANCE_IDLE_MS', 40_000),
    httpPort: intEnv('STREAMLAB_RUNTIME_PORT', ports.runtime),
    timeScale: scaleFrom('STREAMLAB_TIME_SCALE'),
    alarmIntervalMs: intEnv('STREAMLAB_ALARM_INTERVAL_MS', 10_000),
    iamEnforced: !['off', '0', 'false'].includes((process.env['STREAMLAB_IAM'] ?? 'on').toLowerCase()),
  };
}
