// The keywords of a message's text: what lab 4's subscription filters match
// (the `keywords` message attribute) and what its search index stores. One
// tokenizer for both, so a word a learner can filter on is a word they can
// search for.

/** Words too common to filter or search on. */
const STOP_WORDS = new Set(
  'the and for are but not you your yours with this that have has had was were will would can could should from they them their there here what when where which who whom why how all any about into over just than then too very its our out off one two also been being does did doing done each few more most other some such only own same so'.split(' '),
);
/** SNS allows 10 message attributes and 256 KB; ten keywords keep the filter readable. */
export const MAX_KEYWORDS = 10;
const MIN_LENGTH = 3;

/** The distinct lowercase words of at least three letters or digits, stop words left out, in order of first use. */
export function keywordsOf(text: string, max = MAX_KEYWORDS): string[] {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (word.length < MIN_LENGTH || STOP_WORDS.has(word) || out.includes(word)) continue;
    out.push(word);
    if (out.length >= max) break;
  }
  return out;
}
