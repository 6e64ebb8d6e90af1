// The functions Terraform deployed, as the emulator's Lambda API describes them,
// each with a host that runs its code. A host is replaced when the function's
// code or configuration changes (after a new `terraform apply`).
// Published versions get hosts of their own (a version never changes), and a
// reference to a function may name a version or an alias: an alias sends each
// event to its version, or to one of its weighted versions, as Lambda routes.
import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetLayerVersionCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameOf } from '@streamlab/kit/arn';
import { createClients, type Clients } from './clients.ts';
import { CodeStore, type CodeRef } from './code-store.ts';
import type { RuntimeConfig } from './config.ts';
import { FunctionHost, type FunctionConfig, type LoggingConfig } from './function-host.ts';
import { LogShipper } from './log-shipper.ts';
import type { Metrics } from './metrics.ts';
import type { RoleCredentials } from './role-credentials.ts';
import { referenceOf, versionFor, type AliasRoute } from './rules/function-references.ts';
import type { Trace } from './trace.ts';

interface Entry {
  host: FunctionHost;
  fingerprint: string;
  shipper: LogShipper;
  /** Clients acting as the function's execution role: its pollers, destinations and logs use them. */
  roleClients: Clients;
}

/** What a host needs of a function, from the Lambda API's description of it (and GetFunction's reserved concurrency). */
export function functionConfigOf(fn: FunctionConfiguration, reservedConcurrency?: number): FunctionConfig {
  return {
    name: fn.FunctionName!,
    arn: fn.FunctionArn!,
    handler: fn.Handler ?? 'index.handler',
    timeoutSec: fn.Timeout ?? 3,
    memoryMb: fn.MemorySize ?? 128,
    environment: fn.Environment?.Variables ?? {},
    codeSha256: fn.CodeSha256!,
    reservedConcurrency,
    version: fn.Version ?? '$LATEST',
    runtime: fn.Runtime ?? 'nodejs22.x',
    logging: loggingConfigOf(fn),
  };
}

/** What makes a new host necessary: any change to the code or configuration. */
function fingerprintOf(fn: FunctionConfiguration): string {
  return JSON.stringify([fn.CodeSha256, fn.Handler, fn.Timeout, fn.MemorySize, fn.Environment, fn.LastModified, fn.Role, fn.Runtime, fn.Layers, fn.LoggingConfig]);
}

function loggingConfigOf(fn: FunctionConfiguration): LoggingConfig {
  const config = fn.LoggingConfig;
  const json = config?.LogFormat === 'JSON';
  return {
    format: json ? 'JSON' : 'Text',
    ...(json ? { applicationLevel: config?.ApplicationLogLevel ?? 'INFO', systemLevel: config?.SystemLogLevel ?? 'INFO' } : {}),
    group: config?.LogGroup ?? `/aws/lambda/${fn.FunctionName}`,
  };
}

function logStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${crypto.randomUUID().replace(/-/g, '')}`;
}

function aliasRouteOf(alias: AliasConfiguration): AliasRoute {
  return { version: alias.FunctionVersion ?? '$LATEST', weights: Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) };
}

export class Functions {
  /** Each function's $LATEST, by name. */
  private readonly entries = new Map<string, Entry>();
  /** Published versions, by "name:version". */
  private readonly versions = new Map<string, Entry>();
  /**
   * Aliases read so far (GetAlias), by "name:alias"; undefined: no such alias.
   * Read when an event names one, and again after any change to the Lambda
   * API (refresh): reading every function's aliases in each refresh made
   * discovery slow on an instance with many functions.
   */
  private aliases = new Map<string, Promise<AliasRoute | undefined>>();
  /**
   * Each provisioned concurrency config's "name:version", by the config's
   * qualified ARN, as the last refresh resolved it. The emulator asks for a
   * config's ready environments while it answers a request: the answer may
   * not call the emulator back.
   */
  private provisionedTargets = new Map<string, string>();
  private readonly code: CodeStore;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: Clients,
    private readonly trace: Trace,
    private readonly roles: RoleCredentials,
    private readonly metrics: Metrics,
  ) {
    // Unpacked outside the project, as Lambda's /var/task is: no package.json
    // or node_modules of ours above the code may change how Node loads it.
    this.code = new CodeStore(join(tmpdir(), 'streamlab-code'));
  }

  /** Re-reads every function, its versions, aliases and provisioned concurrency; returns the names that exist now. */
  async refresh(): Promise<Set<string>> {
    const seen = new Set<string>();
    const published: FunctionConfiguration[] = [];
    let marker: string | undefined;
    do {
      const page = await this.clients.lambda.send(new ListFunctionsCommand({ Marker: marker, FunctionVersion: 'ALL' }));
      for (const fn of page.Functions ?? []) {
        if (!fn.FunctionName) continue;
        if (fn.Version && fn.Version !== '$LATEST') {
          published.push(fn);
          continue;
        }
        seen.add(fn.FunctionName);
        await this.upsert(fn);
      }
      marker = page.NextMarker;
    } while (marker);
    for (const [name, entry] of this.entries) {
      if (!seen.has(name)) {
        entry.host.retire();
        this.entries.delete(name);
      }
    }
    this.aliases = new Map();
    await this.refreshVersions(published);
    return seen;
  }

  /** Hosts for new published versions (a version never changes), and each version's provisioned environments. */
  private async refreshVersions(published: FunctionConfiguration[]): Promise<void> {
    const listed = new Set(published.map((fn) => `${fn.FunctionName}:${fn.Version}`));
    for (const [key, entry] of this.versions) {
      if (!listed.has(key)) {
        entry.host.retire();
        this.versions.delete(key);
      }
    }
    for (const fn of published) {
      const key = `${fn.FunctionName}:${fn.Version}`;
      if (this.versions.has(key)) continue;
      const entry = await this.entryFor(fn, fn.Version);
      if (entry) this.versions.set(key, entry);
    }
    // Provisioned concurrency needs a published version: only functions with one can have it.
    const provisioned = new Map<string, number>();
    const targets = new Map<string, string>();
    for (const name of new Set(published.map((fn) => fn.FunctionName!))) {
      const { ProvisionedConcurrencyConfigs } = await this.clients.lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name }));
      for (const config of ProvisionedConcurrencyConfigs ?? []) {
        const version = await this.versionKeyOf(config.FunctionArn ?? '');
        if (!version) continue;
        targets.set(config.FunctionArn!, version);
        provisioned.set(version, (provisioned.get(version) ?? 0) + (config.RequestedProvisionedConcurrentExecutions ?? 0));
      }
    }
    this.provisionedTargets = targets;
    for (const [key, entry] of this.versions) entry.host.setProvisioned(provisioned.get(key) ?? 0);
  }

  /** The "name:version" a version's or alias's ARN runs (an alias with weights: its own version, as provisioned concurrency uses); undefined for $LATEST. */
  private async versionKeyOf(ref: string): Promise<string | undefined> {
    const { name, version } = await this.versionOf(ref, (route) => route.version);
    return version === '$LATEST' ? undefined : `${name}:${version}`;
  }

  /** The version a reference runs: $LATEST unqualified, a version's number, or the one `pick` chooses of an alias's. */
  private async versionOf(nameOrArn: string, pick: (route: AliasRoute) => string): Promise<{ name: string; version: string }> {
    const { name, qualifier = '$LATEST' } = referenceOf(nameOrArn);
    const alias = await this.aliasRoute(name, qualifier);
    return { name, version: alias ? pick(alias) : qualifier };
  }

  /** Where an alias sends events; undefined for a version's number, $LATEST, or an alias that does not exist. */
  private aliasRoute(name: string, qualifier: string): Promise<AliasRoute | undefined> {
    if (qualifier === '$LATEST' || /^\d+$/.test(qualifier)) return Promise.resolve(undefined); // an alias's name is never all digits
    const key = `${name}:${qualifier}`;
    let route = this.aliases.get(key);
    if (!route) {
      route = this.clients.lambda.send(new GetAliasCommand({ FunctionName: name, Name: qualifier })).then(aliasRouteOf, () => undefined);
      this.aliases.set(key, route);
    }
    return route;
  }

  private async upsert(fn: FunctionConfiguration): Promise<void> {
    const name = fn.FunctionName!;
    const known = this.entries.get(name);
    if (known?.fingerprint === fingerprintOf(fn)) {
      // PutFunctionConcurrency changes nothing ListFunctions shows; on Lambda it applies at once.
      const { ReservedConcurrentExecutions } = await this.clients.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
      known.host.setReservedConcurrency(ReservedConcurrentExecutions);
      return;
    }
    const entry = await this.entryFor(fn);
    if (!entry) return;
    known?.host.retire(); // in-flight invocations finish with the old configuration
    this.entries.set(name, entry);
  }

  /** A host for the function's $LATEST, or for one published version (`version`), with its code unpacked; undefined when it cannot run here. */
  private async entryFor(fn: FunctionConfiguration, version?: string): Promise<Entry | undefined> {
    const name = fn.FunctionName!;
    const details = await this.clients.lambda.send(new GetFunctionCommand({ FunctionName: name, ...(version ? { Qualifier: version } : {}) }));
    const location = details.Code?.Location;
    if (!fn.CodeSha256 || !location) {
      this.trace.emit({ kind: 'refused', function: name, reason: `the Lambda API holds no zip for it (PackageType ${fn.PackageType ?? 'Zip'}): only zip functions run locally` });
      return undefined;
    }
    let codeDir: string;
    let optDir: string | undefined;
    try {
      const task = await this.code.task({ codeSha256: fn.CodeSha256, location });
      const opt = await this.code.opt(await this.layersOf(fn));
      codeDir = task.dir;
      optDir = opt?.dir;
      const unpackMs = task.unpackMs + (opt?.unpackMs ?? 0);
      if (unpackMs > 0) this.trace.emit({ kind: 'discovered', function: name, detail: `code unpacked in ${unpackMs.toFixed(0)} ms (${((fn.CodeSize ?? 0) / 1024).toFixed(1)} KiB zip${optDir ? `, ${fn.Layers?.length} layer(s)` : ''})` });
    } catch (error) {
      this.trace.emit({ kind: 'refused', function: name, reason: `its code could not be unpacked: ${(error as Error).message}` });
      return undefined;
    }
    const config = functionConfigOf(fn, details.Concurrency?.ReservedConcurrentExecutions);
    const role = fn.Role ?? '';
    const roleClients = this.roles.enforced ? createClients(this.config, this.roles.provider(role, name)) : this.clients;
    // Lambda writes the function's logs with its role: without logs:PutLogEvents they are dropped.
    const shipper = new LogShipper(roleClients.logs, config.logging!.group, logStreamName(config.version!), (problem) => this.trace.emit({ kind: 'refused', function: name, reason: problem }));
    const host = new FunctionHost(config, {
      endpoint: this.config.endpoint,
      region: this.config.region,
      credentials: () => this.roles.get(role, name),
      codeDir,
      ...(optDir ? { optDir } : {}),
      compileCacheDir: this.code.compileCacheDir,
      logStream: shipper.stream,
      maxInstances: 10,
      idleMs: this.config.instanceIdleMs,
      prewarm: !version, // a version's environments start for its events, or as provisioned concurrency
      onConcurrency: (busy) => this.metrics.concurrency(name, busy),
      log: (line) => {
        shipper.push(line);
        this.trace.emit({ kind: 'log', function: name, line });
      },
    });
    this.trace.emit({ kind: 'discovered', function: name, detail: `${version ? `version ${version}, ` : ''}${config.handler}, ${config.runtime}, timeout ${config.timeoutSec}s` });
    return { host, fingerprint: fingerprintOf(fn), shipper, roleClients };
  }

  /** The function's layers, in order, each with where its zip is (GetLayerVersion). */
  private async layersOf(fn: FunctionConfiguration): Promise<CodeRef[]> {
    const refs: CodeRef[] = [];
    for (const layer of fn.Layers ?? []) {
      // arn:aws:lambda:<region>:<account>:layer:<name>:<version>
      const [, , , , , , layerName, versionNumber] = (layer.Arn ?? '').split(':');
      const version = await this.clients.lambda.send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: Number(versionNumber) }));
      const content = version.Content;
      if (!content?.Location || !content.CodeSha256) throw new Error(`layer ${layer.Arn} has no code`);
      refs.push({ codeSha256: content.CodeSha256, location: content.Location });
    }
    return refs;
  }

  /** Clients acting as the function's execution role (the admin's when IAM is off or the function is unknown). */
  roleClientsOf(nameOrArn: string): Clients {
    return this.entries.get(nameOf(nameOrArn))?.roleClients ?? this.clients;
  }

  /** The entry that runs an event for a reference: $LATEST, a version, or the version an alias picks for this event. */
  private async entryOf(nameOrArn: string): Promise<Entry | undefined> {
    const { name, version } = await this.versionOf(nameOrArn, versionFor);
    return version === '$LATEST' ? this.entries.get(name) : this.versions.get(`${name}:${version}`);
  }

  /** AvailableProvisionedConcurrentExecutions of a version's or alias's config (protocol.ts, part 9). */
  provisionedAvailable(qualifiedArn: string): number {
    const key = this.provisionedTargets.get(qualifiedArn);
    return (key && this.versions.get(key)?.host.provisionedAvailable) || 0;
  }

  /** The names of the functions that run here now. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The host of a function by name or ARN, either qualified by a version or an alias. */
  async get(nameOrArn: string): Promise<FunctionHost | undefined> {
    return (await this.entryOf(nameOrArn))?.host;
  }

  /** Set by main.ts: resolves once discovery has read what the emulator holds now (Discovery.caughtUp). */
  catchUp: () => Promise<void> = async () => undefined;

  /**
   * The host for a request (an Invoke, a URL, an API route): a function not
   * known yet is looked for again once discovery has caught up, so a request
   * that comes right after the runtime starts, or right after the function is
   * created, is served as AWS would serve it.
   */
  async find(nameOrArn: string): Promise<FunctionHost | undefined> {
    const known = await this.get(nameOrArn);
    if (known) return known;
    await this.catchUp();
    return this.get(nameOrArn);
  }

  async close(): Promise<void> {
    for (const entry of [...this.entries.values(), ...this.versions.values()]) {
      entry.host.close();
      await entry.shipper.flush();
    }
  }
}
