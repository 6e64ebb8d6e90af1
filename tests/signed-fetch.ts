// A fetch signed with SigV4, as an AWS SDK or `awscurl` signs a call to a
// function URL or an API Gateway API with AWS_IAM authorization.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';

export interface SigningKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** SHA-256 for @smithy/signature-v4 (HMAC when given a secret), from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** `url` called with `method` and `body`, signed for `service` with `keys` (or unsigned without them). */
export async function signedFetch(url: URL, options: { method: string; body?: string; headers?: Record<string, string>; keys?: SigningKeys; service: string }): Promise<Response> {
  let headers: Record<string, string> = { host: url.host, ...(options.headers ?? {}) };
  if (options.keys) {
    const signer = new SignatureV4({ service: options.service, region: 'us-east-1', credentials: options.keys, sha256: Sha256 });
    const query = Object.fromEntries(url.searchParams);
    const signed = await signer.sign({ method: options.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
    headers = signed.headers as Record<string, string>;
  }
  const { host: _host, ...sent } = headers;
  return fetch(url, { method: options.method, headers: sent, ...(options.body !== undefined ? { body: options.body } : {}) });
}
