// Polls one DynamoDB stream event source mapping the way Lambda does
// (services-ddb-params): in order per shard, up to BatchSize records per
// invocation, after the batching window and the filters; with a
// ParallelizationFactor, that many batches at once, in order per item
// (rules/stream-lanes.ts). What follows an invocation (commit, retry, split, or
// the on-failure destination) is decided by rules/stream-batches.ts, and
// tumbling windows by rules/tumbling-windows.ts; this file reads, checkpoints
// and hands off.
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { Invoker } from './invoker.ts';
import { MappingPoller } from './mapping-poller.ts';
import { afterStreamInvoke, recordAgeExceeded } from './rules/stream-batches.ts';
import { lanesOf, parallelizationFactorOf } from './rules/stream-lanes.ts';
import { parsePatterns, passesFilters } from './filter-criteria.ts';
import { eventWindow, runsByWindow, stateTooLarge, type Window, type WindowState } from './rules/tumbling-windows.ts';
import type { Checkpoints } from './checkpoints.ts';
import type { Clients } from './clients.ts';
import { sendToDestination } from './destinations.ts';
import type { Functions } from './functions.ts';
import type { Metrics } from './metrics.ts';
import type { Trace } from './trace.ts';
import { safetyNetMs, type Wakeups } from './wakeups.ts';

interface Deps {
  invoker: Invoker;
  metrics: Metrics;
  clients: Clients;
  functions: Functions;
  checkpoints: Checkpoints;
  wakeups: Wakeups;
  trace: Trace;
  /** Retry interval after an error. */
  idlePollMs: number;
  /** How long an idle poller sleeps when a nudge announces new records (a lost nudge costs at most this). */
  safetyNetMs: number;
}

type LambdaRecord = Record<string, unknown> & { dynamodb: { SequenceNumber: string; ApproximateCreationDateTime?: number; Keys?: unknown } };

/** GetRecords returns at most 1,000 records a call. */
const GET_RECORDS_LIMIT = 1000;

/** A tumbling window that has had records and not yet its final invocation. */
interface OpenWindow {
  window: Window;
  state: WindowState;
}

/** How long after a window's end its final invocation waits for records that reached the stream just before it. */
const WINDOW_GRACE_MS = 1000;

export class StreamPoller extends MappingPoller {
  private iterator: string | undefined;
  private shardId: string | undefined;
  private open: OpenWindow | undefined;
  /** StartingPosition LATEST, before the first record written after the mapping: older records are skipped. */
  private skippingOlder = false;
  /** Reads in a row that found nothing: the safety net backs off with them (wakeups.ts). */
  private quietReads = 0;
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

  /** TumblingWindowInSeconds; 0 when the mapping has none. */
  private get windowSeconds(): number {
    return this.mapping.TumblingWindowInSeconds ?? 0;
  }

  /** The open window is kept beside the checkpoint, so a restarted runtime carries its state on. */
  private saveWindow(open: OpenWindow | undefined): void {
    this.open = open;
    this.deps.checkpoints.set(`${this.checkpointKey()}/window`, open ? JSON.stringify(open) : '');
  }

  private async openIterator(): Promise<void> {
    const { checkpoints } = this.deps;
    const clients = this.roleClients;
    const description = await clients.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const shard = description.StreamDescription?.Shards?.[0];
    if (!shard?.ShardId) return;
    this.shardId = shard.ShardId;
    const saved = checkpoints.get(`${this.checkpointKey()}/window`);
    this.open = saved ? (JSON.parse(saved) as OpenWindow) : undefined;
    const after = checkpoints.get(this.checkpointKey());
    this.skippingOlder = !after && this.mapping.StartingPosition === 'LATEST';
    // LATEST means "records written after the mapping was created"; the runtime
    // may start later, so it reads from the horizon and skips older records.
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON';
    const { ShardIterator } = await clients.streams.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: this.shardId, ShardIteratorType: type, SequenceNumber: after }),
    );
    this.iterator = ShardIterator;
  }

  private async run(): Promise<void> {
    await this.poll();
    this.deps.wakeups.forget(this);
  }

  private async poll(): Promise<void> {
    let reopened = false; // a fresh iterator that expires at once is an error, not a loop
    while (!this.stopped) {
      try {
        if (!this.iterator) await this.openIterator();
        if (!this.iterator || this.mapping.State !== 'Enabled') {
          await this.deps.wakeups.sleep(this.streamArn, this.iterator ? this.deps.safetyNetMs : this.deps.idlePollMs, this); // update() wakes it when enabled
          continue;
        }
        const { read, records, last } = await this.collect();
        reopened = false;
        if (records.length > 0) await this.deliverInWindows(records);
        // Past every record read, the filtered ones too, once all are delivered (not when stopped halfway).
        if (last && !this.stopped) this.commit(last);
        if (this.open && Date.now() >= this.open.window.end * 1000 + WINDOW_GRACE_MS) await this.closeWindow(false);
        this.quietReads = read === 0 ? this.quietReads + 1 : 0;
        if (read === 0) await this.deps.wakeups.sleep(this.streamArn, this.untilWindowCloses(safetyNetMs(this.quietReads, this.deps.safetyNetMs)), this); // every write nudges
      } catch (error) {
        this.iterator = undefined;
        // An iterator lives 15 minutes (one held through a long pause, or lost
        // in an emulator restart): Lambda asks for a new one at its checkpoint.
        if ((error as Error).name === 'ExpiredIteratorException' && !reopened) {
          reopened = true;
          continue;
        }
        this.deps.trace.emit({ kind: 'error', source: this.streamArn, reason: `stream poller ${this.uuid}: ${(error as Error).message}` });
        await this.deps.wakeups.sleep(this.streamArn, this.deps.idlePollMs, this);
      }
    }
  }

  /** ParallelizationFactor: how many batches of the shard may run at once (one at a time with a tumbling window, whose state is the shard's). */
  private get factor(): number {
    return this.windowSeconds > 0 ? 1 : parallelizationFactorOf(this.mapping.ParallelizationFactor);
  }

  /**
   * Reads up to BatchSize records (times the ParallelizationFactor). With
   * MaximumBatchingWindowInSeconds, keeps reading until the batch is full or
   * the window has passed since the first record. Records the FilterCriteria
   * reject are skipped: `last` is the last record read, checkpointed once the
   * records before it are delivered.
   */
  private async collect(): Promise<{ read: number; records: LambdaRecord[]; last?: LambdaRecord }> {
    const wanted = (this.mapping.BatchSize ?? 100) * this.factor; // a batch for each lane
    const windowMs = (this.mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    const patterns = parsePatterns(this.mapping.FilterCriteria?.Filters);
    const records: LambdaRecord[] = [];
    let read = 0;
    let windowEnds = 0;
    let last: LambdaRecord | undefined;
    for (;;) {
      const page = await this.roleClients.streams.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: Math.min(GET_RECORDS_LIMIT, wanted - records.length) }));
      this.iterator = page.NextShardIterator;
      read += page.Records?.length ?? 0;
      for (const record of this.startFilter(page.Records ?? [])) {
        if (passesFilters(patterns, record)) records.push(record);
        last = record;
      }
      if (records.length === 0 || records.length >= wanted || windowMs === 0 || this.stopped) return { read, records, last };
      windowEnds ||= Date.now() + windowMs;
      const left = windowEnds - Date.now();
      if (left <= 0) return { read, records, last };
      if ((page.Records ?? []).length === 0) await this.deps.wakeups.sleep(this.streamArn, Math.min(left, this.deps.idlePollMs), this);
    }
  }

  /**
   * With StartingPosition LATEST, records older than the mapping are not
   * delivered: skipped (and checkpointed) up to the first newer one, however
   * many pages that takes (a lab 4 consumer added to lab 1's busy table).
   */
  private startFilter(records: StreamRecord[]): LambdaRecord[] {
    const since = (this.mapping.LastModified?.getTime() ?? 0) - 1000;
    const out: LambdaRecord[] = [];
    for (const record of records) {
      const created = record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now();
      if (this.skippingOlder && created < since) {
        this.deps.checkpoints.set(this.checkpointKey(), record.dynamodb!.SequenceNumber!);
        continue;
      }
      this.skippingOlder = false;
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

  /** At most `ms`, and no longer than until the open window's final invocation is due. */
  private untilWindowCloses(ms: number): number {
    if (!this.open) return ms;
    return Math.max(50, Math.min(ms, this.open.window.end * 1000 + WINDOW_GRACE_MS - Date.now()));
  }

  /** Without a tumbling window: one delivery per lane. With one: a delivery per window, each window closed before the next opens. */
  private async deliverInWindows(records: LambdaRecord[]): Promise<void> {
    if (this.windowSeconds <= 0) return this.deliverInLanes(records);
    const seconds = (r: LambdaRecord) => r.dynamodb.ApproximateCreationDateTime ?? Math.floor(Date.now() / 1000);
    for (const run of runsByWindow(records, seconds, this.windowSeconds)) {
      if (this.stopped) return;
      if (this.open && this.open.window.start !== run.window.start) await this.closeWindow(false);
      if (!this.open) this.saveWindow({ window: run.window, state: {} });
      await this.deliver(run.records);
    }
  }

  /**
   * With a ParallelizationFactor above 1, the records' lanes run at once, each
   * lane's batches one after another; the shard is checkpointed only once all
   * are done (poll), so a crash redelivers rather than skips. With 1, one batch.
   */
  private async deliverInLanes(records: LambdaRecord[]): Promise<void> {
    if (this.factor === 1) return this.deliver(records);
    const lanes = lanesOf(records, this.factor, this.mapping.BatchSize ?? 100, (r) => r.dynamodb.Keys);
    const done = await Promise.allSettled(
      lanes.map(async (batches) => {
        for (const batch of batches) {
          if (this.stopped) return;
          await this.deliver(batch, false);
        }
      }),
    );
    const failed = done.find((d) => d.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The event: the records, and with a tumbling window its window, state and flags. */
  private eventOf(batch: LambdaRecord[], final = false, terminatedEarly = false): Record<string, unknown> {
    if (!this.open) return { Records: batch };
    return {
      Records: batch,
      window: eventWindow(this.open.window),
      state: this.open.state,
      shardId: this.shardId,
      eventSourceARN: this.streamArn,
      isFinalInvokeForWindow: final,
      isWindowTerminatedEarly: terminatedEarly,
    };
  }

  /**
   * The window's final invocation: no records, the state, isFinalInvokeForWindow.
   * Lambda holds the shard until it succeeds. Terminated early (state over
   * 1 MB), the same window then goes on with a fresh state.
   */
  private async closeWindow(terminatedEarly: boolean): Promise<void> {
    const open = this.open!;
    const fn = this.functionName;
    for (let attempt = 1; !this.stopped; attempt += 1) {
      const host = await this.deps.functions.get(this.functionArn);
      if (!host) throw new Error(`function ${fn} is not deployed`);
      const { verdict } = await this.deps.invoker.invoke(host, this.eventOf([], true, terminatedEarly), { source: 'dynamodb', invokedArn: this.functionArn, batch: { ids: new Set(), reportFailures: false, tumblingWindow: true } });
      if (verdict.kind === 'success') break;
      this.deps.trace.emit({ kind: 'retry', function: fn, source: 'dynamodb', attempt, batchSize: 0, reason: `final invocation of window ${eventWindow(open.window).start}` });
      await this.deps.wakeups.sleep(this.streamArn, this.deps.idlePollMs, this);
    }
    this.saveWindow(terminatedEarly ? { window: open.window, state: {} } : undefined);
  }

  /**
   * Delivers records until each is processed or handed to the on-failure
   * destination (rules/stream-batches.ts decides), checkpointing as it goes
   * unless other lanes of the shard are still running (`checkpoints` false).
   */
  private async deliver(records: LambdaRecord[], checkpoints = true): Promise<void> {
    const commit = (record: LambdaRecord) => {
      if (checkpoints) this.commit(record);
    };
    const settings = { maxRetries: this.mapping.MaximumRetryAttempts ?? -1, bisect: this.mapping.BisectBatchOnFunctionError ?? false };
    const maxAge = this.mapping.MaximumRecordAgeInSeconds ?? -1;
    const reportFailures = this.mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
    const work: { batch: LambdaRecord[]; retries: number }[] = [{ batch: records, retries: 0 }];
    const fn = this.functionName;

    while (work.length > 0 && !this.stopped) {
      let { batch, retries } = work.shift()!;
      for (;;) {
        if (recordAgeExceeded(batch[0]!.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000, Date.now() / 1000, maxAge)) {
          await this.sendOnFailure(batch, retries, 'RecordAgeExceeded');
          commit(batch.at(-1)!);
          break;
        }
        const host = await this.deps.functions.get(this.functionArn);
        if (!host) throw new Error(`function ${fn} is not deployed`);
        const sequenceNumbers = batch.map((r) => r.dynamodb.SequenceNumber);
        const tumblingWindow = this.open !== undefined;
        const { verdict, windowState } = await this.deps.invoker.invoke(host, this.eventOf(batch), { source: 'dynamodb', invokedArn: this.functionArn, batch: { ids: new Set(sequenceNumbers), reportFailures, tumblingWindow } });
        // The state moves on with every record that is done (a partial response's too); a failed invocation's is dropped.
        if (this.open && windowState) this.saveWindow({ window: this.open.window, state: windowState });
        this.deps.metrics.iteratorAge(fn, Date.now() - (batch.at(-1)!.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000);
        const step = afterStreamInvoke(verdict, sequenceNumbers, retries, settings);
        if (step.action === 'commit') {
          commit(batch.at(-1)!);
          if (this.open && stateTooLarge(this.open.state)) await this.closeWindow(true);
          break;
        }
        if (step.action === 'split') {
          this.deps.trace.emit({ kind: 'bisect', function: fn, source: 'dynamodb', batchSize: batch.length });
          work.unshift({ batch: batch.slice(0, step.at), retries }, { batch: batch.slice(step.at), retries });
          break;
        }
        if (step.from > 0) commit(batch[step.from - 1]!); // the records before the lowest reported failure are done
        batch = batch.slice(step.from);
        if (step.action === 'on-failure') {
          await this.sendOnFailure(batch, retries, step.condition, step.reason);
          commit(batch.at(-1)!);
          break;
        }
        retries = step.retries;
        this.deps.trace.emit({ kind: 'retry', function: fn, source: 'dynamodb', attempt: retries, batchSize: batch.length });
      }
    }
  }

  private commit(record: LambdaRecord): void {
    const key = this.checkpointKey();
    // A batch's last record is usually the read's last too: one write, not two.
    if (this.deps.checkpoints.get(key) !== record.dynamodb.SequenceNumber) this.deps.checkpoints.set(key, record.dynamodb.SequenceNumber);
  }

  /** Hands a batch to the on-failure destination (an invocation record, not the records); the caller moves on past it. */
  private async sendOnFailure(batch: LambdaRecord[], retries: number, condition: string, reason?: string): Promise<void> {
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
    this.deps.trace.emit({ kind: 'on-failure', function: this.functionName, source: 'dynamodb', condition, destination, batchSize: batch.length, reason });
  }
}
