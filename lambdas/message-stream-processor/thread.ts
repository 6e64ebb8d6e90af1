// The chain a reply's notification shows (lab 4, threads): the thread's root,
// the replies in between (elided past a depth), then the new message. Pure:
// the thread's messages come from the `thread-index` GSI (get-thread.ts).
import type { Message } from './message.ts';

/** Replies shown between the root and the new message; earlier ones are counted, not shown. */
export const SHOWN_ANCESTORS = 2;
/** Characters of each earlier message's text in the chain. */
const CHAIN_TEXT_CHARS = 120;

export interface ChainEntry {
  message_id: string;
  author: string;
  text: string;
}

export interface ThreadChain {
  thread_id: string;
  /** Replies from the root to this message (the root is depth 0). */
  depth: number;
  /** The root, then the last SHOWN_ANCESTORS ancestors; the new message is not in it. */
  chain: ChainEntry[];
  /** Ancestors between the root and the shown ones, left out. */
  elided: number;
  /** The reply chain was broken: a message in it is not in the thread (deleted). */
  broken?: true;
}

function entry(message: Message): ChainEntry {
  const text = message.text.length > CHAIN_TEXT_CHARS ? `${message.text.slice(0, CHAIN_TEXT_CHARS - 1)}…` : message.text;
  return { message_id: message.message_id, author: message.author, text };
}

/**
 * Follows reply_to_message_id from `message` up through `thread` (every
 * message with its thread_id, in any order) to the root.
 */
export function threadChain(message: Message, thread: readonly Message[]): ThreadChain | undefined {
  if (!message.thread_id || !message.reply_to_message_id) return undefined;
  const byId = new Map(thread.map((m) => [m.message_id, m]));
  const ancestors: Message[] = [];
  let broken = false;
  for (let id: string | undefined = message.reply_to_message_id; id; ) {
    const parent = byId.get(id);
    if (!parent || ancestors.includes(parent)) {
      broken = true;
      break;
    }
    ancestors.unshift(parent);
    id = parent.reply_to_message_id;
  }
  const [root, ...between] = ancestors;
  if (!root) return { thread_id: message.thread_id, depth: 1, chain: [], elided: 0, broken: true };
  const shown = between.slice(-SHOWN_ANCESTORS);
  return {
    thread_id: message.thread_id,
    depth: ancestors.length,
    chain: [entry(root), ...shown.map(entry)],
    elided: between.length - shown.length,
    ...(broken ? { broken: true as const } : {}),
  };
}

/** The chain as the email shows it, one line per message, the new one last. */
export function chainLines(chain: ThreadChain, message: Message): string[] {
  const lines = [`Thread (reply ${chain.depth} deep):`];
  const [root, ...rest] = chain.chain;
  if (chain.broken) lines.push('  (an earlier message of this thread was deleted)');
  if (root) lines.push(`  ${root.author}: ${root.text}`);
  if (chain.elided > 0) lines.push(`  … ${chain.elided} more ${chain.elided === 1 ? 'reply' : 'replies'} …`);
  for (const e of rest) lines.push(`  ${e.author}: ${e.text}`);
  lines.push(`  → ${message.author}: ${message.text.length > CHAIN_TEXT_CHARS ? `${message.text.slice(0, CHAIN_TEXT_CHARS - 1)}…` : message.text}`);
  return lines;
}
