// The shape of an item in the messages table, and its validation.

export interface Message {
  message_id: string;
  author: string;
  text: string;
  /** ISO-8601 creation time. */
  timestamp: string;
  /** Set when the message is a reply. */
  reply_to_message_id?: string;
  /** The id of the thread's root (lab 4); the root's own id on the root. */
  thread_id?: string;
}

/** Thrown for an item that cannot become a notification; it fails only its own record. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

function requireString(item: Record<string, unknown>, key: string): string {
  const value = item[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidMessageError(`message ${String(item['message_id'] ?? '?')}: "${key}" must be a non-empty string`);
  }
  return value;
}

/** Validates a plain object (an unmarshalled stream image) as a Message. */
export function toMessage(item: Record<string, unknown>): Message {
  const message: Message = {
    message_id: requireString(item, 'message_id'),
    author: requireString(item, 'author'),
    text: requireString(item, 'text'),
    timestamp: requireString(item, 'timestamp'),
  };
  if (item['reply_to_message_id'] !== undefined) {
    message.reply_to_message_id = requireString(item, 'reply_to_message_id');
  }
  if (item['thread_id'] !== undefined) {
    message.thread_id = requireString(item, 'thread_id');
  }
  return message;
}
