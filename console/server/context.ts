// What the console talks to: the deployment of one instance (its Terraform
// outputs, as every script reads them) and the SDK clients for it. Loaded
// again whenever outputs.json changes, so `make apply` and `make destroy` show
// up without restarting the console.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clientsFor, type ScriptClients } from '@streamlab/kit/clients';
import { instanceOf, loadTarget, REPO_ROOT, type Target, type TargetName } from '@streamlab/kit/target';

export interface Deployment {
  target: Target;
  clients: ScriptClients & { events: EventBridgeClient };
}

export class Context {
  private cached: { mtimeMs: number; deployment: Deployment } | undefined;

  constructor(
    readonly targetName: TargetName,
    /** On TARGET=aws the console only reads: a learner's real account is not a sandbox. */
    readonly readOnly: boolean,
  ) {}

  get instance(): string {
    return instanceOf(this.targetName);
  }

  get stateDir(): string {
    return join(REPO_ROOT, '.streamlab', this.instance);
  }

  /** The deployment, or a SetupError ("nothing is deployed …: run `make apply`"). */
  deployment(): Deployment {
    const file = join(this.stateDir, 'outputs.json');
    const mtimeMs = existsSync(file) ? statSync(file).mtimeMs : -1;
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.deployment;
    const target = loadTarget(this.targetName);
    const deployment = { target, clients: { ...clientsFor(target), events: new EventBridgeClient(target.clientConfig) } };
    this.cached = { mtimeMs, deployment };
    return deployment;
  }
}
