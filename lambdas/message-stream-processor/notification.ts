// Turns a change of the messages table into a notification: a readable email,
// JSON for queue consumers, and message attributes for subscription filters.
// Pure functions, no AWS calls: the unit tests cover every case here.
import { keywordsOf } from '../commons/keywords.ts';
import type { Message } from './message.ts';
import { chainLines, type ThreadChain } from './thread.ts';

export type EventType = 'message_created' | 'reply_created' | 'message_edited' | 'message_deleted';

/** What a reply's notification says about the message it answers. */
export type OriginalContext =
  | { found: true; message: Message }
  | { found: false; message_id: string };

export interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newMessage?: Message;
  oldMessage?: Message;
  original?: OriginalContext;
  /** A threaded reply's chain (lab 4). */
  thread?: ThreadChain;
}

/** The JSON document queue subscribers receive (and parse). */
export interface NotificationDocument {
  event_type: EventType;
  message: Message;
  previous_text?: string;
  in_reply_to?: OriginalContext;
  thread?: ThreadChain;
  text_truncated?: boolean;
}

/** An SNS message attribute; subscriptions' filter policies match on these. */
export interface MessageAttribute {
  DataType: 'String' | 'String.Array' | 'Number';
  StringValue: string;
}

export interface Notification {
  subject: string;
  /** The SNS message: per-protocol bodies, sent with MessageStructure "json". */
  message: string;
  attributes: Record<string, MessageAttribute>;
  document: NotificationDocument;
}

/**
 * SNS accepts at most 256 KB per message, while a DynamoDB item may be 400 KB.
 * Texts are cut to this many characters, and the document says so.
 */
export const MAX_TEXT_CHARS = 20_000;
/** SNS subjects are limited to 100 characters without line breaks. */
const MAX_SUBJECT_CHARS = 100;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function subjectFor(type: EventType, message: Message): string {
  const verb = {
    message_created: 'New message from',
    reply_created: 'New reply from',
    message_edited: 'Message edited by',
    message_deleted: 'Message deleted by',
  }[type];
  return truncate(oneLine(`${verb} ${message.author}: ${message.text}`), MAX_SUBJECT_CHARS);
}

function cut(message: Message): { message: Message; truncated: boolean } {
  if (message.text.length <= MAX_TEXT_CHARS) return { message, truncated: false };
  return { message: { ...message, text: truncate(message.text, MAX_TEXT_CHARS) }, truncated: true };
}

function emailBody(doc: NotificationDocument): string {
  const m = doc.message;
  const lines = [`${m.author} wrote at ${m.timestamp}:`, '', m.text, ''];
  if (doc.event_type === 'message_edited' && doc.previous_text !== undefined) {
    lines.push('Previously:', doc.previous_text, '');
  }
  if (doc.event_type === 'message_deleted') {
    lines.unshift('This message was deleted.', '');
  }
  const original = doc.in_reply_to;
  // A direct reply shows its original, as lab 1 teaches; a deeper one its chain (lab 4).
  if (doc.thread && doc.thread.depth >= 2) {
    lines.push(...chainLines(doc.thread, m), '');
  } else if (original?.found) {
    lines.push(`In reply to ${original.message.author} (${original.message.timestamp}):`, `> ${original.message.text}`, '');
  } else if (original) {
    lines.push(`In reply to message ${original.message_id}, which no longer exists.`, '');
  }
  lines.push(`Message id: ${m.message_id}`);
  return lines.join('\n');
}

const string = (value: string): MessageAttribute => ({ DataType: 'String', StringValue: value });

/**
 * What subscriptions can filter on (lab 4): the event type, the author, the
 * kind (message or reply), the text's keywords (a String.Array, left out when
 * the text has none), its length (a Number) and the thread. Ten at most (SNS).
 */
function attributesOf(type: EventType, message: Message): Record<string, MessageAttribute> {
  const keywords = keywordsOf(message.text);
  return {
    event_type: string(type),
    author: string(message.author),
    message_id: string(message.message_id),
    kind: string(message.reply_to_message_id ? 'reply' : 'message'),
    text_length: { DataType: 'Number', StringValue: String(message.text.length) },
    ...(keywords.length > 0 ? { keywords: { DataType: 'String.Array', StringValue: JSON.stringify(keywords) } } : {}),
    ...(message.thread_id ? { thread_id: string(message.thread_id) } : {}),
  };
}

/**
 * Decides what a table change announces:
 * - INSERT of a message: message_created.
 * - INSERT of a reply: reply_created, with the original's author and text.
 * - MODIFY: message_edited when the text changed; nothing otherwise (for
 *   example when only metadata changed), so subscribers are not spammed.
 * - REMOVE: message_deleted, with the text as it was.
 * Returns undefined when the change announces nothing.
 */
export function buildNotification(change: Change): Notification | undefined {
  let type: EventType;
  let subject: Message;
  let previous_text: string | undefined;

  switch (change.eventName) {
    case 'INSERT':
      if (!change.newMessage) return undefined;
      subject = change.newMessage;
      type = subject.reply_to_message_id ? 'reply_created' : 'message_created';
      break;
    case 'MODIFY':
      if (!change.newMessage || !change.oldMessage) return undefined;
      if (change.newMessage.text === change.oldMessage.text) return undefined;
      subject = change.newMessage;
      type = 'message_edited';
      previous_text = truncate(change.oldMessage.text, MAX_TEXT_CHARS);
      break;
    case 'REMOVE':
      if (!change.oldMessage) return undefined;
      subject = change.oldMessage;
      type = 'message_deleted';
      break;
  }

  const { message, truncated } = cut(subject);
  const document: NotificationDocument = { event_type: type, message };
  if (previous_text !== undefined) document.previous_text = previous_text;
  if (type === 'reply_created' && change.original) {
    document.in_reply_to = change.original.found
      ? { found: true, message: cut(change.original.message).message }
      : change.original;
  }
  if (type === 'reply_created' && change.thread) document.thread = change.thread;
  if (truncated) document.text_truncated = true;

  const json = JSON.stringify(document);
  return {
    subject: subjectFor(type, message),
    message: JSON.stringify({ default: json, sqs: json, 'email-json': json, email: emailBody(document) }),
    attributes: attributesOf(type, message),
    document,
  };
}
