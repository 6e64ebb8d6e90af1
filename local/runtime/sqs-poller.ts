// Polls one SQS event source mapping the way Lambda does (services-sqs-configure):
// receive up to BatchSize messages, drop what the filters reject, invoke once,
// and settle: delete what rules/sqs-batches.ts says is done. The rest stays in
// the queue and comes back after the visibility timeout, which the emulator
// keeps; SQS itself moves a message to the DLQ after maxReceiveCount.
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { deleteMessages } from '@streamlab/kit/queues';
import { parseArn } from '@streamlab/kit/arn';
import type { Invoker } from './invoker.ts';
import { MappingPoller } from './mapping-poller.ts';
import { MAPPING_POLL_HEADER } from './protocol.ts';
import { withHeaders } from './request-headers.ts';
import { messagesToDelete } from './rules/sqs-batches.ts';
import { parsePatterns, passesFilters } from './filter-criteria.ts';
import type { Clients } from './clients.ts';
import type { Functions } from './functions.ts';
import type { Trace } from './trace.ts';
import type { Wakeups } from './wakeups.ts';

interface Deps {
  invoker: Invoker;
  clients: Clients;
  functions: Functions;
  wakeups: Wakeups;
  trace: Trace;
  /** The region in each record's awsRegion. */
  region: string;
  idlePollMs: number;
  /** How long an idle poller sleeps when a nudge announces new data (a lost nudge costs at most this). */
  safetyNetMs: number;
}

function lambdaAttribute(value: MessageAttributeValue) {
  return {
    stringValue: value.StringValue,
    binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    dataType: value.DataType,
  };
}

/** Lambda starts with five pollers per SQS mapping; ScalingConfig.MaximumConcurrency caps concurrent invocations. */
const DEFAULT_WORKERS = 5;

/**
 * Lambda's pollers long-poll SQS for 20 s, the most SQS allows; a waiting
 * receive returns as soon as a message arrives. Each receive is tagged with
 * the mapping (protocol.ts, part 10), so a poll still waiting when the mapping
 * is disabled or deleted ends empty rather than taking the next message.
 */
const LONG_POLL_SECONDS = 20;

/**
 * An idle worker other than worker 0 sleeps this long at most: worker 0's
 * long poll is the safety net, and wakes the others when it finds messages.
 */
const IDLE_WORKER_SLEEP_MS = 300_000;

export class SqsPoller extends MappingPoller {
  private queueUrl: string | undefined;
  /** Aborts the workers' long polls: on stop, and when the mapping is disabled. */
  private polls = new AbortController();
  readonly done: Promise<void>;

  constructor(mapping: EventSourceMappingConfiguration, private readonly deps: Deps) {
    super(mapping, deps.wakeups);
    const workers = mapping.ScalingConfig?.MaximumConcurrency ?? DEFAULT_WORKERS;
    this.done = Promise.all(Array.from({ length: workers }, (_, worker) => this.run(worker))).then(() => undefined);
  }

  /** Lambda's pollers receive and delete with the function's execution role. */
  private get roleSqs() {
    return this.deps.functions.roleClientsOf(this.functionName).sqs;
  }

  private get queueArn(): string {
    return this.sourceArn;
  }

  override stop(): void {
    super.stop();
    this.polls.abort();
  }

  override update(mapping: EventSourceMappingConfiguration): void {
    const wasEnabled = this.mapping.State === 'Enabled';
    super.update(mapping);
    if (wasEnabled && mapping.State !== 'Enabled') {
      this.polls.abort(); // a disabled mapping must not keep receiving
      this.polls = new AbortController();
    }
  }

  private checkedAt = 0;
  private lastRefusal: Promise<string | undefined> = Promise.resolve(undefined);

  /**
   * The refusal check below, at most every 30 s (a changed queue or function
   * shows up within that). The workers share one check: the five of a mapping
   * woken together asked the queue five times.
   */
  private refusalEvery30s(url: string): Promise<string | undefined> {
    if (Date.now() - this.checkedAt > 30_000) {
      this.checkedAt = Date.now();
      this.lastRefusal = this.refusal(url).catch((error: unknown) => {
        this.checkedAt = 0; // asked again next time
        throw error;
      });
    }
    return this.lastRefusal;
  }

  /** AWS refuses a mapping whose function timeout exceeds the queue's visibility timeout. */
  private async refusal(url: string): Promise<string | undefined> {
    const host = await this.deps.functions.get(this.functionArn);
    if (!host) return undefined;
    const { Attributes } = await this.roleSqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
    );
    const visibility = Number(Attributes?.VisibilityTimeout ?? 30);
    if (host.config.timeoutSec > visibility) {
      return `function timeout (${host.config.timeoutSec}s) is greater than the visibility timeout of the queue (${visibility}s); AWS refuses this event source mapping`;
    }
    return undefined;
  }

  /**
   * Worker 0 keeps long-polling, so messages that become visible again after
   * their visibility timeout (which no nudge announces) are seen; when it finds
   * messages it wakes the others. The other workers, after an empty poll,
   * sleep until the emulator nudges that messages arrived or worker 0 wakes
   * them: an idle queue costs one poll per LONG_POLL_SECONDS.
   */
  private async run(worker: number): Promise<void> {
    const { account, resource: name } = parseArn(this.queueArn);
    while (!this.stopped) {
      try {
        this.queueUrl ??= (await this.deps.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))).QueueUrl;
        if (this.mapping.State !== 'Enabled') {
          await this.deps.wakeups.sleep(this.queueArn, this.deps.idlePollMs * 5); // disabled: nothing to say
          continue;
        }
        const refused = await this.refusalEvery30s(this.queueUrl!);
        if (refused) {
          this.deps.trace.emit({ kind: 'refused', function: this.functionName, source: this.queueArn, reason: refused });
          await this.deps.wakeups.sleep(this.queueArn, this.deps.idlePollMs * 5);
          continue;
        }
        const messages = await this.collect();
        if (messages.length === 0) {
          if (worker > 0) await this.deps.wakeups.sleep(this.queueArn, IDLE_WORKER_SLEEP_MS);
          continue; // worker 0: the long poll waited already
        }
        if (worker === 0) this.deps.wakeups.wake(this.queueArn); // a backlog (messages visible again, say): all hands
        const matching = await this.dropFiltered(messages);
        if (matching.length > 0) await this.deliver(matching);
      } catch (error) {
        if (this.stopped) break;
        if ((error as Error).name === 'AbortError') continue; // disabled while waiting
        this.deps.trace.emit({ kind: 'error', source: this.queueArn, reason: `sqs poller ${this.uuid}: ${(error as Error).message}` });
        await this.deps.wakeups.sleep(this.queueArn, this.deps.idlePollMs);
      }
    }
  }

  /**
   * Receives up to BatchSize messages (10 per ReceiveMessage call). With
   * MaximumBatchingWindowInSeconds, keeps receiving until the batch is full or
   * the window has passed.
   */
  private async collect(): Promise<Message[]> {
    const batchSize = this.mapping.BatchSize ?? 10;
    const windowMs = (this.mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    let windowEnds = 0; // the window opens with the first message
    const messages: Message[] = [];
    for (;;) {
      const { Messages = [] } = await this.roleSqs.send(
        this.taggedWithMapping(new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: Math.min(batchSize - messages.length, 10),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
          // The first receive waits for work; filling a batching window does not.
          WaitTimeSeconds: messages.length === 0 ? LONG_POLL_SECONDS : 0,
        })),
        { abortSignal: this.polls.signal },
      );
      messages.push(...Messages);
      if (messages.length === 0) return messages;
      windowEnds ||= Date.now() + windowMs;
      const left = windowEnds - Date.now();
      if (messages.length >= batchSize || left <= 0 || this.stopped) return messages;
      if (Messages.length === 0) await this.deps.wakeups.sleep(this.queueArn, Math.min(left, 100));
    }
  }

  /** Tags a receive with this mapping's ARN (protocol.ts, part 10). */
  private taggedWithMapping(command: ReceiveMessageCommand): ReceiveMessageCommand {
    const mappingArn = this.mapping.EventSourceMappingArn;
    return mappingArn ? withHeaders(command, 'streamlabMappingPoll', { [MAPPING_POLL_HEADER]: mappingArn }) : command;
  }

  /** Lambda deletes the messages its FilterCriteria reject; the rest are returned. */
  private async dropFiltered(messages: Message[]): Promise<Message[]> {
    const patterns = parsePatterns(this.mapping.FilterCriteria?.Filters);
    if (patterns.length === 0) return messages;
    const keep = messages.filter((m) => passesFilters(patterns, { body: m.Body, attributes: m.Attributes ?? {} }));
    await this.settle(messages.filter((m) => !keep.includes(m)));
    return keep;
  }

  private async deliver(messages: Message[]): Promise<void> {
    const fn = this.functionName;
    const host = await this.deps.functions.get(this.functionArn);
    if (!host) throw new Error(`function ${fn} is not deployed`);
    const records = messages.map((m) => toLambdaRecord(m, this.queueArn, this.deps.region));
    const reportFailures = this.mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
    const ids = messages.map((m) => m.MessageId!);
    const { verdict } = await this.deps.invoker.invoke(host, { Records: records }, { source: 'sqs', invokedArn: this.functionArn, batch: { ids: new Set(ids), reportFailures } });
    const done = new Set(messagesToDelete(verdict, ids));
    await this.settle(messages.filter((m) => done.has(m.MessageId!)));
  }

  /** Deletes what is done (rules/sqs-batches.ts); what is left returns after its visibility timeout. */
  private async settle(done: Message[]): Promise<void> {
    const failed = await deleteMessages(this.roleSqs, this.queueUrl!, done);
    if (failed.length > 0) {
      // Not lost: SQS delivers them again after the visibility timeout (at least once).
      this.deps.trace.emit({ kind: 'error', function: this.functionName, source: this.queueArn, reason: `${failed.length} delete(s) failed (${failed[0]!.Code}); SQS will deliver them again` });
    }
  }
}

/** A message as Lambda hands it to the function (services-sqs: the SQS event's record). */
function toLambdaRecord(m: Message, queueArn: string, region: string) {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: m.Attributes ?? {},
    messageAttributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, lambdaAttribute(v)])),
    md5OfBody: m.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
