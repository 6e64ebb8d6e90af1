// Credentials of a function's execution role, as Lambda gives them to the
// function and uses them for its event source pollers, destinations and logs:
// sts:AssumeRole through the emulator (session name = the function's name),
// cached, and assumed again 5 minutes before they expire. With IAM enforcement
// off (STREAMLAB_IAM=off) everything uses the emulator's admin credentials.
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { EMULATOR_CREDENTIALS } from './clients.ts';

export interface RoleCredentialsValue {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** How long assumed credentials last; Lambda's are valid for hours, renewed well before. */
const DURATION_SECONDS = 3600;
const RENEW_BEFORE_MS = 5 * 60_000;

export class RoleCredentials {
  private readonly cache = new Map<string, Promise<RoleCredentialsValue>>();

  constructor(
    private readonly sts: STSClient,
    readonly enforced: boolean,
  ) {}

  /** Fresh credentials for the role (the same ones until 5 minutes before they expire). */
  async get(roleArn: string, sessionName: string): Promise<RoleCredentialsValue> {
    if (!this.enforced || !roleArn) return EMULATOR_CREDENTIALS;
    const key = `${roleArn} ${sessionName}`;
    const cached = this.cache.get(key);
    if (cached) {
      const value = await cached.catch(() => undefined);
      if (value?.expiration && value.expiration.getTime() - Date.now() > RENEW_BEFORE_MS) return value;
    }
    const fresh = this.assume(roleArn, sessionName);
    this.cache.set(key, fresh);
    return fresh;
  }

  /** An SDK credentials provider for the role. */
  provider(roleArn: string, sessionName: string): () => Promise<RoleCredentialsValue> {
    return () => this.get(roleArn, sessionName);
  }

  /** Whether credentials must be replaced now (an execution environment is recycled then). */
  static expiring(value: RoleCredentialsValue): boolean {
    return value.expiration !== undefined && value.expiration.getTime() - Date.now() <= RENEW_BEFORE_MS;
  }

  private async assume(roleArn: string, sessionName: string): Promise<RoleCredentialsValue> {
    const { Credentials } = await this.sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName.slice(0, 64), DurationSeconds: DURATION_SECONDS }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`sts:AssumeRole returned no credentials for ${roleArn}`);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration ?? new Date(Date.now() + DURATION_SECONDS * 1000),
    };
  }
}
