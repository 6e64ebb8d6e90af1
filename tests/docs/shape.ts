// Compares what a command printed with the output a doc shows, by shape:
// ids, times and durations are masked (they differ on every run), while the
// words, messages and outcomes of every line must match. A doc line that is
// only "…" (or "...") stands for any number of lines; "…" inside a line for
// any text. Blank lines and runs of spaces used for alignment are not compared.

export interface ShapeOptions {
  /** Mask every number, not only ids and times (a block marked "counts vary"). */
  countsVary?: boolean;
}

export interface ShapeResult {
  ok: boolean;
  /** Ids the doc shows, mapped to the ones the run printed (e.g. a message id a later command reuses). */
  bindings: Map<string, string>;
  /** On a mismatch: the first doc line that could not be matched, and the run's line at that point. */
  expected?: string;
  actual?: string;
}

const ELLIPSIS_LINE = /^\s*(…|\.\.\.)\s*$/;

// Order matters: the first pattern that matches at a position wins.
const MASKS: { pattern: RegExp; regex: string; bind?: boolean }[] = [
  { pattern: / ?(?:…|\.\.\.) ?/y, regex: ".*?" },
  { pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/y, regex: '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', bind: true },
  { pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/y, regex: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z' },
  { pattern: /\d{4}-\d{2}-\d{2}/y, regex: '\\d{4}-\\d{2}-\\d{2}' },
  { pattern: /\d{2}:\d{2}:\d{2}(\.\d{3})?/y, regex: '\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?' },
  // Email dates: "Tue, 01 Dec 2026".
  { pattern: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4}/y, regex: '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4}' },
  // CloudWatch's alarm dates: "Wednesday 02 December, 2026".
  { pattern: /(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{2} [A-Z][a-z]+, \d{4}/y, regex: '[A-Z][a-z]+day \\d{2} [A-Z][a-z]+, \\d{4}' },
  // Durations and rates: "67 ms", "3.60 s", "2 min", "28 orders/s", "0.4 %".
  { pattern: /\d+(\.\d+)? ?(ms|s|min|%)(?![\w])/y, regex: '\\d+(?:\\.\\d+)? ?(?:ms|s|min|%)' },
  { pattern: /\d+(\.\d+)? ?[a-z]+\/s\b/y, regex: '\\d+(?:\\.\\d+)? ?[a-z]+/s' },
  // Hex ids of 6+ characters with a digit and a letter ("order-4ad62c05", "a1b2c3"): generated per run.
  { pattern: /(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}(?![\w])/y, regex: '([0-9a-f]{6,})', bind: true },
  // Long numbers: sequence numbers, pids, ports, account ids.
  { pattern: /\d{4,}/y, regex: '(\\d{4,})', bind: true },
];
const ANY_NUMBER = { pattern: /\d+(\.\d+)?/y, regex: '\\d+(?:\\.\\d+)?' };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledLine {
  source: string;
  ellipsis: boolean;
  regex?: RegExp;
  /** The doc's literal for each capture group, in order (for bindings). */
  captures: string[];
}

/** Turns one doc line into an anchored regex with the masks applied. */
export function compileLine(line: string, options: ShapeOptions = {}): CompiledLine {
  if (ELLIPSIS_LINE.test(line)) return { source: line, ellipsis: true, captures: [] };
  const masks = options.countsVary ? [...MASKS, { ...ANY_NUMBER, bind: false }] : MASKS;
  const text = line.trim();
  let regex = '';
  const captures: string[] = [];
  let literal = '';
  // A mask starts at a word boundary or where letters turn into digits
  // ("20261122T234024"); short numbers stay exact anyway.
  for (let i = 0; i < text.length; ) {
    const prev = i === 0 ? ' ' : text[i - 1]!;
    const boundary = !/\w/.test(prev) || !/\w/.test(text[i]!) || (/[A-Za-z]/.test(prev) && /\d/.test(text[i]!));
    let matched = false;
    if (boundary) {
      for (const mask of masks) {
        mask.pattern.lastIndex = i;
        const m = mask.pattern.exec(text);
        if (!m) continue;
        regex += escapeLiteral(literal) + mask.regex;
        literal = '';
        if (mask.bind) captures.push(m[0]);
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) literal += text[i++];
  }
  regex += escapeLiteral(literal);
  return { source: line, ellipsis: false, regex: new RegExp(`^${regex}$`), captures };
}

// Runs of two or more spaces align columns; their width is not compared.
function escapeLiteral(s: string): string {
  return escapeRegExp(s).replace(/ {2,}/g, ' +');
}

/** Removes ANSI colour codes and carriage-return progress, and trims each line. */
export function cleanOutput(text: string): string[] {
  return text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the terminal colour codes removed here
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .map((l) => l.replace(/^.*\r(?!$)/, '').trimEnd().trim())
    .filter((l) => l !== '');
}

/** Matches a run's output against a doc's expected-output block. */
export function matchShape(expected: string, actual: string, options: ShapeOptions = {}): ShapeResult {
  const doc = expected
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => compileLine(l, options));
  const run = cleanOutput(actual);
  const failed = new Set<string>();
  let furthest = { i: 0, j: 0 };

  // Backtracking over "…" lines, memoised on (doc line, run line).
  const walk = (i: number, j: number, bindings: Map<string, string>): Map<string, string> | undefined => {
    if (i > furthest.i || (i === furthest.i && j > furthest.j)) furthest = { i, j };
    if (i === doc.length) return j === run.length ? bindings : undefined;
    const key = `${i}:${j}`;
    if (failed.has(key)) return undefined;
    const line = doc[i]!;
    let result: Map<string, string> | undefined;
    if (line.ellipsis) {
      for (let k = j; k <= run.length && !result; k++) result = walk(i + 1, k, bindings);
    } else if (j < run.length) {
      const m = line.regex!.exec(run[j]!);
      if (m) {
        const next = new Map(bindings);
        line.captures.forEach((literal, n) => {
          const value = m[n + 1];
          if (value !== undefined && value !== literal && !next.has(literal)) next.set(literal, value);
        });
        result = walk(i + 1, j + 1, next);
      }
    }
    if (!result) failed.add(key);
    return result;
  };

  const bindings = walk(0, 0, new Map());
  if (bindings) return { ok: true, bindings };
  return {
    ok: false,
    bindings: new Map(),
    expected: doc[furthest.i]?.source ?? '(end of the doc block)',
    actual: run[furthest.j] ?? '(end of the output)',
  };
}

/**
 * Replaces every id the doc showed with the one the run printed, in one pass
 * (longest first at each position): a run's id is never rewritten again by a
 * shorter binding. A run's message id holding "4568" became another id when
 * the doc's bundle size, "(4568 KiB)", had been bound to the run's 4569.
 */
export function substitute(command: string, bindings: Map<string, string>): string {
  if (bindings.size === 0) return command;
  const keys = [...bindings.keys()].sort((a, b) => b.length - a.length);
  const anyKey = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  return command.replace(anyKey, (from) => bindings.get(from)!);
}
