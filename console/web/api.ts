// The console's calls to its server (console/server/main.ts). Errors carry the
// server's one-line message, which the pages show as they are.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly setup = false,
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: string; setup?: boolean };
  if (!res.ok) throw new ApiError(body.error ?? `HTTP ${res.status}`, res.status, body.setup);
  return body;
}

export function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)]));
  return fetch(`${path}${q.size ? `?${q}` : ''}`).then((r) => parse<T>(r));
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => parse<T>(r));
}

export interface About {
  target: 'local' | 'aws';
  instance: string;
  readOnly: boolean;
  deployment: { ok: true } | { ok: false; hint: string };
}
