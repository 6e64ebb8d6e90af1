// The contract between the emulator (local/emulator/, Python) and this runtime.
// Both sides follow this file; local/emulator/contract.py points here. Eight
// parts, all on loopback:
//
// 1. Ports. An instance's emulator listens on PORT; the other three sit above
//    it (PORT_OFFSETS). local/up.sh lays them out once and hands each process
//    its own, and Terraform receives the runtime's URL as a value.
// 2. Nudges: one UDP datagram "<kind> <arn>" from the emulator when something
//    happened that a poller would otherwise find only at its next safety-net
//    poll. Fire and forget: a lost nudge costs one safety-net interval.
// 3. The inbox: one JSON file per asynchronous invocation (InboxItem), written
//    atomically by the emulator (tmp file + rename) into <state>/inbox and then
//    owned by the runtime, which rewrites it after each attempt and deletes it
//    when the event is done. A stopped runtime loses nothing.
// 4. Synchronous Invoke: the emulator POSTs InvokeRequest to INVOKE_PATH on the
//    runtime's port and turns the InvokeReply into Lambda's answer (a function
//    error header, or TooManyRequestsException when throttled).

/** Ports above the emulator's: the runtime's nudge socket, its HTTP endpoint, the lab console. */
export const PORT_OFFSETS = { nudges: 1, runtime: 2, console: 3 } as const;

export function portsOf(emulatorPort: number): { emulator: number; nudges: number; runtime: number; console: number } {
  return {
    emulator: emulatorPort,
    nudges: emulatorPort + PORT_OFFSETS.nudges,
    runtime: emulatorPort + PORT_OFFSETS.runtime,
    console: emulatorPort + PORT_OFFSETS.console,
  };
}

/**
 * What a nudge announces:
 * - `ddb <table ARN>`: stream records were added (one nudge per write request);
 * - `sqs <queue ARN>`: a message was added to the queue;
 * - `async <function ARN>`: an inbox file was written;
 * - `config <service>`: a function, mapping, schedule or alarm changed
 *   (service: awslambda, events, scheduler or cloudwatch).
 */
export type NudgeKind = 'ddb' | 'sqs' | 'async' | 'config';
export interface Nudge {
  kind: NudgeKind;
  arn: string;
}

const NUDGE_KINDS: ReadonlySet<string> = new Set<NudgeKind>(['ddb', 'sqs', 'async', 'config']);

export function parseNudge(datagram: string): Nudge | undefined {
  const [kind, arn, extra] = datagram.split(' ');
  if (!kind || !arn || extra !== undefined || !NUDGE_KINDS.has(kind)) return undefined;
  return { kind: kind as NudgeKind, arn };
}

export function formatNudge(nudge: Nudge): string {
  return `${nudge.kind} ${nudge.arn}`;
}

/** A function error as Lambda reports it (the payload of a failed invocation). */
export interface InvokeError {
  errorType: string;
  errorMessage: string;
  /** The stack, one line per entry, as Lambda's Node runtime reports it. */
  trace?: string[];
}

/** One asynchronous invocation waiting in the inbox: <enqueuedAt, 15 digits>-<id>.json. */
export interface InboxItem {
  /** The request id Lambda answered with (x-amzn-requestid). */
  id: string;
  event: unknown;
  /** The function's ARN as the trigger named it: unqualified, or a version's or an alias's. */
  functionArn: string;
  /** What enqueued it: an SNS delivery, Invoke with InvocationType=Event, or an EventBridge rule. */
  source: 'sns' | 'invoke' | 'events' | 's3' | 'scheduler';
  /** Epoch ms. */
  enqueuedAt: number;
  /** Attempts made so far (0 when the emulator writes it). */
  attempts: number;
  /** Epoch ms before which the next attempt must not start (a retry's delay). */
  notBefore: number;
  lastError?: InvokeError;
  /** The version the last attempt ran ($LATEST, or the one an alias picked): the invocation record's executedVersion. */
  executedVersion?: string;
}

/** The emulator forwards a synchronous Invoke (RequestResponse) here, as POST JSON. */
export const INVOKE_PATH = '/invoke';

export interface InvokeRequest {
  /** The function's ARN as the caller named it: unqualified, or a version's or an alias's (the Invoke's Qualifier). */
  functionName: string;
  event: unknown;
}

/** Always HTTP 200: the outcome is in the body. */
export type InvokeReply = { ok: true; payload: unknown } | { ok: false; error: InvokeError } | { ok: false; throttled: true };

/**
 * 5. Hop counts: GET HOP_COUNTS_PATH on the emulator's port answers every
 *    counter local/emulator/hop_counts.py keeps since the emulator started
 *    (`make hops` and the console read it; the runtime does not).
 */
export const HOP_COUNTS_PATH = '/_streamlab/hop-counts';

/**
 * 6. SigV4 authorization: for a function URL with AuthType AWS_IAM, or an HTTP
 *    API route with AuthorizationType AWS_IAM, the runtime POSTs the request to
 *    URL_AUTH_PATH on the emulator's port, which holds the credentials: it
 *    verifies the SigV4 signature and evaluates lambda:InvokeFunctionUrl on
 *    `functionArn`, or execute-api:Invoke on `executeApiArn`
 *    (local/emulator/function_url_auth.py). For a function URL with AuthType
 *    NONE it POSTs {publicFunctionArn} instead (once per URL configuration
 *    read): may everyone invoke it, by its resource policy.
 */
export const URL_AUTH_PATH = '/_streamlab/function-url-auth';

/**
 * 7. Config generation: GET CONFIG_GENERATION_PATH on the emulator's port
 *    answers ConfigGeneration, "<boot id>-<config changes since boot>". It
 *    moves with every change a `config` nudge announces, and with a restart;
 *    the runtime's discovery safety net re-reads everything only when it moved
 *    (local/emulator/nudges.py serves it).
 */
export const CONFIG_GENERATION_PATH = '/_streamlab/config-generation';

export interface ConfigGeneration {
  generation: string;
}

export interface UrlAuthRequest {
  method: string;
  /** The URL as the client called it (host, path and query: what it signed). */
  url: string;
  headers: Record<string, string>;
  /** base64 */
  body: string;
  /** A function URL's function: lambda:InvokeFunctionUrl, by identity or the function's resource policy. */
  functionArn?: string;
  /** An HTTP API route's ARN: execute-api:Invoke, by identity policies (HTTP APIs have no resource policy). */
  executeApiArn?: string;
}

/** An AuthType NONE URL's function (qualified for an alias's URL): may everyone invoke it through the URL, by its resource policy. */
export interface PublicUrlAuthRequest {
  publicFunctionArn: string;
}

/** Why the emulator refused a SigV4-signed request. */
export type SignedRequestRefusal = 'unsigned' | 'unknown-key' | 'bad-token' | 'bad-signature' | 'not-allowed';

export interface UrlAuthReply {
  allowed: boolean;
  /** Why not: no signature, a key or session token the emulator did not issue, a signature that does not match, or no policy allows it. */
  refusal?: SignedRequestRefusal;
  principal?: string;
  reason?: string;
}

export interface QueueHopCounts {
  sent?: number;
  received?: number;
  /** Receives by the message's receive count then: {"1": first receives, "2": second, ...}. */
  by_receive_count?: Record<string, number>;
  deleted?: number;
  to_dlq?: number;
  purged?: number;
  moved_out?: number;
  present: number;
  /** sent minus every departure minus present: a message that left by no known path. */
  unaccounted: number;
}

export interface HopCounts {
  /** When the emulator started (ISO 8601): every count is since then. */
  since: string;
  topic: Record<string, { published?: number }>;
  subscription: Record<string, { attempted?: number; delivered?: number; failed?: number }>;
  queue: Record<string, QueueHopCounts>;
  table: Record<string, { written?: number }>;
}

/**
 * 8. Readiness: GET RUNTIME_READY_PATH on the runtime's port answers 200 once
 *    the runtime has read every function, schedule and mapping the emulator
 *    holds (its first discovery round), and 503 before. local/up.sh waits for
 *    it, so `make up` returns when a request to any function is served.
 */
export const RUNTIME_READY_PATH = '/_streamlab/ready';

/**
 * 9. Provisioned concurrency: GET PROVISIONED_PATH?function=<a version's or
 *    an alias's ARN> on the runtime's port answers { available: n }, the
 *    environments of that config ready now. The emulator's
 *    GetProvisionedConcurrencyConfig reports READY once n is the number
 *    requested (local/emulator/lambda_versions.py).
 */
export const PROVISIONED_PATH = '/_streamlab/provisioned';

export interface ProvisionedAvailable {
  available: number;
}

/**
 * 10. An event source mapping's long polls: every ReceiveMessage an SQS
 *     mapping's poller sends carries MAPPING_POLL_HEADER, the mapping's ARN.
 *     The emulator gives such a receive nothing once that mapping is disabled
 *     or deleted, and wakes the queue's waiting receives when it is
 *     (local/emulator/sqs_mapping_polls.py): the poller aborts its request,
 *     but that does not end the server's wait.
 */
export const MAPPING_POLL_HEADER = 'x-streamlab-event-source-mapping';

/**
 * 11. Alarm reads: the runtime POSTs AlarmReadsRequest to ALARM_READS_PATH on
 *     the emulator's port once per alarm round, and gets one AlarmRead per
 *     query, in order: a metric's datapoints as GetMetricStatistics answers
 *     them, or a queue's attribute as GetQueueAttributes answers it
 *     (local/emulator/alarm_reads.py). A read that fails answers `error`.
 */
export const ALARM_READS_PATH = '/_streamlab/alarm-reads';

export type AlarmReadQuery = { account: string; region: string } & (
  | { queueName: string; attribute: string }
  | { namespace: string; metricName: string; dimensions: { Name?: string; Value?: string }[]; statistic: string; period: number; startMs: number; endMs: number }
);

export interface AlarmReadsRequest {
  queries: AlarmReadQuery[];
}

export interface AlarmRead {
  /** A queue attribute's value, as GetQueueAttributes answers it. */
  value?: string;
  /** A metric's datapoints: each period's start and the statistic asked for. */
  datapoints?: { timestampMs: number; value: number }[];
  error?: string;
}
