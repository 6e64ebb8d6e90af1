// Polls one DynamoDB stream event source mapping and invokes its function the
// way Lambda does (services-ddb-params, services-dynamodb-errors,
// services-ddb-batchfailurereporting):
// - in order per shard, BatchSize records at most per invocation;
// - a full success checkpoints after the batch;
// - with ReportBatchItemFailures, a partial failure checkpoints before the
//   lowest failed sequence number and retries from there;
// - a function error retries the batch; with BisectBatchOnFunctionError the
//   batch is split in two first (a split does not count as a retry);
// - after MaximumRetryAttempts, or past MaximumRecordAgeInSeconds, an invocation
//   record goes to the on-failure destination and the shard moves on.
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { readBatchResponse } from './batch-response.ts';
import { MappingPoller } from './mapping-poller.ts';
import { parsePatterns, passesFilters } from './filter-criteria.ts';
import type { Checkpoints } from './checkpoints.ts';
import type { Clients } from './clients.ts';
import { sendToDestination } from './destinations.ts';
import type { Functions } from './functions.ts';
import type { Metrics } from './metrics.ts';
import type { Trace } from './trace.ts';
import type { Wakeups } from './wakeups.ts';

interface Deps {
  metrics: Metrics;
  clients: Clients;
  functions: Functions;
  checkpoints: Checkpoints;
  wakeups: Wakeups;
  trace: Trace;
  idlePollMs: number;
  /** How long an idle poller sleeps when a nudge announces new records (a lost nudge costs at most this). */
  safetyNetMs: number;
}

type LambdaRecord = Record<string, unknown> & { dynamodb: { SequenceNumber: string; ApproximateCreationDateTime?: number } };

export class StreamPoller extends MappingPoller {
  private iterator: string | undefined;
  private shardId: string | undefined;
  readonly done: Promise<void>;

  constructor(mapping: EventSourceMappingConfiguration, private readonly deps: Deps) {
    super(mapping, deps.wakeups);
    this.done = this.run();
  }

  private get streamArn(): string {
    return this.sourceArn;
  }

  /** Lambda's poller reads the stream with the function's execution role. */
  private get roleClients(): Clients {
    return this.deps.functions.roleClientsOf(this.functionName);
  }

  private checkpointKey(): string {
    return `${this.uuid}/${this.shardId}`;
  }

  private async openIterator(): Promise<void> {
    const { checkpoints } = this.deps;
    const clients = this.roleClients;
    const description = await clients.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const shard = description.StreamDescription?.Shards?.[0];
    if (!shard?.ShardId) return;
    this.shardId = shard.ShardId;
    const after = checkpoints.get(this.checkpointKey());
    // LATEST means "records written after the mapping was created"; the runtime
    // may start later, so it reads from the horizon and skips older records.
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON';
    const { ShardIterator } = await clients.streams.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: this.shardId, ShardIteratorType: type, SequenceNumber: after }),
    );
    this.iterator = ShardIterator;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.iterator) await this.openIterator();
        if (!this.iterator || this.mapping.State !== 'Enabled') {
          await this.deps.wakeups.sleep(this.streamArn, this.iterator ? this.deps.safetyNetMs : this.deps.idlePollMs); // update() wakes it when enabled
          continue;
        }
        const { read, records } = await this.collect();
        if (records.length > 0) await this.deliver(records);
        if (read === 0) await this.deps.wakeups.sleep(this.streamArn, this.deps.safetyNetMs); // every write nudges
      } catch (error) {
        this.deps.trace.emit({ kind: 'error', source: this.streamArn }, `stream poller ${this.uuid}: ${(error as Error).message}`);
        this.iterator = undefined;
        await this.deps.wakeups.sleep(this.streamArn, this.deps.idlePollMs);
      }
    }
  }

  /**
   * Reads up to BatchSize records. With MaximumBatchingWindowInSeconds, keeps
   * reading until the batch is full or the window has passed since the first
   * record. Records the FilterCriteria reject are skipped (and checkpointed).
   */
  private async collect(): Promise<{ read: number; records: LambdaRecord[] }> {
    const batchSize = this.mapping.BatchSize ?? 100;
    const windowMs = (this.mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    const patterns = parsePatterns(this.mapping.FilterCriteria?.Filters);
    const records: LambdaRecord[] = [];
    let read = 0;
    let windowEnds = 0;
    for (;;) {
      const page = await this.roleClients.streams.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: batchSize - records.length }));
      this.iterator = page.NextShardIterator;
      read += page.Records?.length ?? 0;
      for (const record of this.startFilter(page.Records ?? [])) {
        if (passesFilters(patterns, record)) records.push(record);
        else this.commit(record);
      }
      if (records.length === 0 || records.length >= batchSize || windowMs === 0 || this.stopped) return { read, records };
      windowEnds ||= Date.now() + windowMs;
      const left = windowEnds - Date.now();
      if (left <= 0) return { read, records };
      if ((page.Records ?? []).length === 0) await this.deps.wakeups.sleep(this.streamArn, Math.min(left, this.deps.idlePollMs));
    }
  }

  /** With StartingPosition LATEST, records older than the mapping are not delivered. */
  private startFilter(records: StreamRecord[]): LambdaRecord[] {
    const since = this.mapping.StartingPosition === 'LATEST' && !this.deps.checkpoints.get(this.checkpointKey())
      ? (this.mapping.LastModified?.getTime() ?? 0) - 1000
      : 0;
    const out: LambdaRecord[] = [];
    for (const record of records) {
      const created = record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now();
      if (created < since) {
        this.deps.checkpoints.set(this.checkpointKey(), record.dynamodb!.SequenceNumber!);
        continue;
      }
      out.push(this.toLambdaRecord(record));
    }
    return out;
  }

  /** The record as Lambda delivers it: epoch-seconds times and the eventSourceARN moto leaves out. */
  private toLambdaRecord(record: StreamRecord): LambdaRecord {
    const created = record.dynamodb?.ApproximateCreationDateTime;
    return {
      ...record,
      eventSourceARN: this.streamArn,
      dynamodb: {
        ...record.dynamodb,
        SequenceNumber: record.dynamodb!.SequenceNumber!,
        ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
      },
    } as LambdaRecord;
  }

  /** Delivers records until each is processed or handed to the on-failure destination. */
  private async deliver(records: LambdaRecord[]): Promise<void> {
    const maxRetries = this.mapping.MaximumRetryAttempts ?? -1;
    const maxAge = this.mapping.MaximumRecordAgeInSeconds ?? -1;
    const reportFailures = this.mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
    const work: { batch: LambdaRecord[]; retries: number }[] = [{ batch: records, retries: 0 }];
    const { trace } = this.deps;
    const fn = this.functionName;

    while (work.length > 0 && !this.stopped) {
      const item = work.shift()!;
      let { batch, retries } = item;
      for (;;) {
        if (maxAge > 0) {
          const oldest = batch[0]!.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000;
          if (Date.now() / 1000 - oldest > maxAge) {
            await this.discard(batch, retries, 'RecordAgeExceeded');
            break;
          }
        }
        const host = this.deps.functions.get(fn);
        if (!host) throw new Error(`function ${fn} is not deployed`);
        const result = await host.invoke({ Records: batch });
        this.deps.metrics.invocation(fn, result.ok, result.durationMs);
        this.deps.metrics.iteratorAge(fn, Date.now() - (batch.at(-1)!.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000);
        const ids = new Set(batch.map((r) => r.dynamodb.SequenceNumber));
        const verdict = !result.ok
          ? { kind: 'failed' as const, reason: `${result.error.errorType}: ${result.error.errorMessage}` }
          : reportFailures
            ? readBatchResponse(result.payload, ids)
            : { kind: 'success' as const };
        trace.emit(
          { kind: 'invoke', function: fn, source: 'dynamodb', batchSize: batch.length, durationMs: result.durationMs, result: verdict.kind, requestId: result.requestId, ...(verdict.kind === 'failed' ? { error: verdict.reason } : {}), ...(verdict.kind === 'partial' ? { failedItems: verdict.failed.length } : {}) },
          `${fn} ← dynamodb stream, ${batch.length} record(s), ${result.durationMs} ms: ${verdict.kind === 'failed' ? `failed (${verdict.reason})` : verdict.kind}`,
        );
        if (verdict.kind === 'success') {
          this.commit(batch.at(-1)!);
          break;
        }
        if (verdict.kind === 'partial') {
          // Checkpoint before the lowest failed sequence number; retry from there.
          const lowest = batch.findIndex((r) => verdict.failed.includes(r.dynamodb.SequenceNumber));
          if (lowest > 0) this.commit(batch[lowest - 1]!);
          batch = batch.slice(lowest);
        } else if (this.mapping.BisectBatchOnFunctionError && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          trace.emit(
            { kind: 'bisect', function: fn, source: 'dynamodb', batchSize: batch.length },
            `${fn}: splitting a failed batch of ${batch.length} into ${half} + ${batch.length - half} (not counted as a retry)`,
          );
          work.unshift({ batch: batch.slice(0, half), retries }, { batch: batch.slice(half), retries });
          break;
        }
        if (maxRetries >= 0 && retries >= maxRetries) {
          await this.discard(batch, retries, 'RetryAttemptsExhausted', verdict.kind === 'failed' ? verdict.reason : 'partial batch failure');
          break;
        }
        retries += 1;
        trace.emit(
          { kind: 'retry', function: fn, source: 'dynamodb', attempt: retries, batchSize: batch.length },
          `${fn}: retry ${retries}${maxRetries >= 0 ? ` of ${maxRetries}` : ''} for ${batch.length} record(s)`,
        );
      }
    }
  }

  private commit(record: LambdaRecord): void {
    this.deps.checkpoints.set(this.checkpointKey(), record.dynamodb.SequenceNumber);
  }

  /** Hands a batch to the on-failure destination (an invocation record, not the records) and moves on. */
  private async discard(batch: LambdaRecord[], retries: number, condition: string, reason?: string): Promise<void> {
    const destination = this.mapping.DestinationConfig?.OnFailure?.Destination;
    const first = batch[0]!;
    const last = batch.at(-1)!;
    const iso = (r: LambdaRecord) => new Date((r.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    const record = {
      requestContext: { requestId: randomUUID(), functionArn: this.mapping.FunctionArn, condition, approximateInvokeCount: retries + 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: iso(first),
        approximateArrivalOfLastRecord: iso(last),
        batchSize: batch.length,
        streamArn: this.streamArn,
      },
    };
    if (destination) await sendToDestination({ role: this.roleClients, admin: this.deps.clients }, destination, record);
    this.deps.trace.emit(
      { kind: 'on-failure', function: this.functionName, source: 'dynamodb', condition, destination, batchSize: batch.length, reason },
      `${this.functionName}: ${condition}; ${batch.length} record(s) ${first.dynamodb.SequenceNumber}..${last.dynamodb.SequenceNumber} → ${destination ?? 'dropped (no destination)'}`,
    );
    this.commit(last);
  }
}
