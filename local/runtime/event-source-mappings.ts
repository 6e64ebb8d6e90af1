// The event source mappings Terraform created, as the emulator's Lambda API
// lists them, each with the poller of its source's service: a DynamoDB stream
// (stream-poller.ts) or an SQS queue (sqs-poller.ts). Beside Functions and
// Schedules, refreshed by the same discovery.
import { ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { parseArn } from '@streamlab/kit/arn';
import type { Checkpoints } from './checkpoints.ts';
import type { Clients } from './clients.ts';
import type { Functions } from './functions.ts';
import type { Invoker } from './invoker.ts';
import type { MappingPoller } from './mapping-poller.ts';
import type { Metrics } from './metrics.ts';
import { SqsPoller } from './sqs-poller.ts';
import { StreamPoller } from './stream-poller.ts';
import type { Trace } from './trace.ts';
import type { Wakeups } from './wakeups.ts';

export interface PollerDeps {
  clients: Clients;
  functions: Functions;
  invoker: Invoker;
  metrics: Metrics;
  checkpoints: Checkpoints;
  wakeups: Wakeups;
  trace: Trace;
  region: string;
  idlePollMs: number;
  safetyNetMs: number;
}

/** The poller for a mapping, chosen by the service in its source's ARN; undefined for a source the runtime does not poll (Kinesis, Kafka, MQ). */
function pollerFor(mapping: EventSourceMappingConfiguration, deps: PollerDeps): MappingPoller | undefined {
  switch (parseArn(mapping.EventSourceArn!).service) {
    case 'dynamodb':
      return new StreamPoller(mapping, deps);
    case 'sqs':
      return new SqsPoller(mapping, deps);
    default:
      return undefined;
  }
}

export class EventSourceMappings {
  private readonly pollers = new Map<string, MappingPoller>();

  constructor(private readonly deps: PollerDeps) {}

  private async list(): Promise<EventSourceMappingConfiguration[]> {
    const all: EventSourceMappingConfiguration[] = [];
    let marker: string | undefined;
    do {
      const page = await this.deps.clients.lambda.send(new ListEventSourceMappingsCommand({ Marker: marker }));
      all.push(...(page.EventSourceMappings ?? []));
      marker = page.NextMarker;
    } while (marker);
    return all;
  }

  /** Starts a poller per new mapping, hands changed ones their new settings and stops the pollers of deleted ones. */
  async refresh(): Promise<void> {
    const current = new Set<string>();
    for (const mapping of await this.list()) {
      if (!mapping.UUID || !mapping.EventSourceArn) continue;
      current.add(mapping.UUID);
      const known = this.pollers.get(mapping.UUID);
      if (known) {
        known.update(mapping);
        continue;
      }
      const poller = pollerFor(mapping, this.deps);
      if (!poller) continue;
      this.pollers.set(mapping.UUID, poller);
      this.deps.trace.emit({ kind: 'discovered', source: mapping.EventSourceArn, function: mapping.FunctionArn });
    }
    for (const [uuid, poller] of this.pollers) {
      if (!current.has(uuid)) {
        poller.stop();
        this.pollers.delete(uuid);
      }
    }
  }

  /** Stops every poller; settles when they have stopped, or after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    for (const poller of this.pollers.values()) poller.stop();
    await Promise.race([Promise.all([...this.pollers.values()].map((p) => p.done)), new Promise((r) => setTimeout(r, graceMs))]);
  }
}
