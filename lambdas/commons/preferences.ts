// A subscriber's notification preferences (lab 4), as the `preferences` table
// stores them and the web app's API accepts them. The API validates with
// parsePreferences; the sync and digest functions read stored items with it.

export const KINDS = ['message', 'reply'] as const;
export type Kind = (typeof KINDS)[number];
export const MODES = ['instant', 'digest'] as const;
export type Mode = (typeof MODES)[number];

export interface Preferences {
  /** The subscriber's email address: the lab's email subscription's endpoint. */
  subscriber: string;
  /** Notify only for these authors; empty: every author. */
  authors: string[];
  /** Never notify for a message with one of these keywords. */
  muted_keywords: string[];
  /** Notify for these kinds; empty: both. */
  kinds: Kind[];
  /** instant: each notification as it happens; digest: one email a day, none instantly. */
  mode: Mode;
}

const MAX_LIST = 20;
const MAX_WORD = 64;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function stringList(body: Record<string, unknown>, key: string, lower: boolean): Parsed<string[]> {
  const value = body[key] ?? [];
  if (!Array.isArray(value)) return { ok: false, error: `"${key}" must be a list of strings` };
  if (value.length > MAX_LIST) return { ok: false, error: `"${key}" may hold at most ${MAX_LIST} entries` };
  const out: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string' || entry.trim() === '' || entry.length > MAX_WORD) return { ok: false, error: `"${key}" entries must be strings of 1 to ${MAX_WORD} characters` };
    const word = lower ? entry.trim().toLowerCase() : entry.trim();
    if (!out.includes(word)) out.push(word);
  }
  return { ok: true, value: out };
}

/** Validates a subscriber and a preferences document (an API body or a stored item). */
export function parsePreferences(subscriber: string, body: unknown): Parsed<Preferences> {
  if (!EMAIL.test(subscriber) || subscriber.length > 254) return { ok: false, error: 'the subscriber must be an email address' };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'the body must be a JSON object' };
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !['subscriber', 'authors', 'muted_keywords', 'kinds', 'mode', 'updated_at'].includes(k));
  if (unknown.length > 0) return { ok: false, error: `unknown field "${unknown[0]}"` };
  const authors = stringList(b, 'authors', false);
  if (!authors.ok) return authors;
  const muted = stringList(b, 'muted_keywords', true);
  if (!muted.ok) return muted;
  const kinds = stringList(b, 'kinds', true);
  if (!kinds.ok) return kinds;
  const badKind = kinds.value.find((k) => !(KINDS as readonly string[]).includes(k));
  if (badKind) return { ok: false, error: `"kinds" may hold ${KINDS.join(' and ')}, not "${badKind}"` };
  const mode = b['mode'] ?? 'instant';
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) return { ok: false, error: `"mode" must be ${MODES.join(' or ')}` };
  return { ok: true, value: { subscriber: subscriber.toLowerCase(), authors: authors.value, muted_keywords: muted.value, kinds: kinds.value as Kind[], mode: mode as Mode } };
}
