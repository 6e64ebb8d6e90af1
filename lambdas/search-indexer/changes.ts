// What one change of a message does to the keyword index (lab 4, search):
// words to add with the message's new text, words to remove with the old.
// Pure; index.ts applies it.
import { keywordsOf } from '../commons/keywords.ts';

/** Words indexed per message: more than the ten the filters see. */
export const MAX_INDEXED_WORDS = 50;

export interface IndexedMessage {
  message_id: string;
  author: string;
  text: string;
  timestamp: string;
}

export function indexChanges(oldMessage: IndexedMessage | undefined, newMessage: IndexedMessage | undefined): { add: string[]; remove: string[] } {
  const before = oldMessage ? keywordsOf(oldMessage.text, MAX_INDEXED_WORDS) : [];
  const after = newMessage ? keywordsOf(newMessage.text, MAX_INDEXED_WORDS) : [];
  // An edit rewrites the words it keeps too: their snippet shows the new text.
  return { add: after, remove: before.filter((w) => !after.includes(w)) };
}
