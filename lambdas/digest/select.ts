// What one subscriber's digest holds (lab 4): the day's messages that their
// preferences let through, the same rules as their instant filter policy.
// Pure; index.ts reads the tables and publishes.
import { keywordsOf } from '../commons/keywords.ts';
import type { Preferences } from '../commons/preferences.ts';

export interface DigestMessage {
  message_id: string;
  author: string;
  text: string;
  timestamp: string;
  reply_to_message_id?: string;
}

export interface Digest {
  subscriber: string;
  since: string;
  /** The body filter of the digest archive queue matches on it (MessageBody scope). */
  count: number;
  authors: string[];
  messages: DigestMessage[];
}

/** Messages in a digest, at most; the count says how many there were. */
export const MAX_DIGEST_MESSAGES = 50;

export function wanted(preferences: Preferences, message: DigestMessage): boolean {
  if (preferences.authors.length > 0 && !preferences.authors.includes(message.author)) return false;
  const kind = message.reply_to_message_id ? 'reply' : 'message';
  if (preferences.kinds.length > 0 && !preferences.kinds.includes(kind)) return false;
  const muted = new Set(preferences.muted_keywords);
  return !keywordsOf(message.text).some((k) => muted.has(k));
}

export function digestFor(preferences: Preferences, messages: readonly DigestMessage[], since: string): Digest {
  const chosen = messages.filter((m) => m.timestamp >= since && wanted(preferences, m)).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return {
    subscriber: preferences.subscriber,
    since,
    count: chosen.length,
    authors: [...new Set(chosen.map((m) => m.author))].sort(),
    messages: chosen.slice(-MAX_DIGEST_MESSAGES).map((m) => ({
      message_id: m.message_id,
      author: m.author,
      text: m.text,
      timestamp: m.timestamp,
      ...(m.reply_to_message_id ? { reply_to_message_id: m.reply_to_message_id } : {}),
    })),
  };
}

export function subjectOf(digest: Digest): string {
  if (digest.count === 0) return 'Your streamlab digest: nothing new';
  return `Your streamlab digest: ${digest.count} message${digest.count === 1 ? '' : 's'} from ${digest.authors.slice(0, 3).join(', ')}${digest.authors.length > 3 ? ' and others' : ''}`.slice(0, 100);
}
