// Event filtering for event source mappings (Lambda developer guide,
// invocation-eventfiltering): a record is delivered when it matches at least
// one filter pattern. Patterns use EventBridge's syntax, all of it: exact
// values (and null), prefix and suffix (also ignoring case), anything-but
// (values, prefix, suffix, equals-ignore-case, wildcard), numeric, exists,
// equals-ignore-case, wildcard, cidr, $or and nesting. event-pattern-cases.ts
// is the table this matcher and EventBridge's (moto's) are both held to.
// For SQS, a JSON body is matched as an object; for streams, the record as is.
import { BlockList, isIP } from 'node:net';

type Pattern = { [key: string]: Pattern | unknown[] };
type Rule = Record<string, unknown>;

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** EventBridge's wildcard: `*` matches any run of characters, `\*` a star. */
function wildcardMatches(pattern: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const source = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function cidrMatches(cidr: string, value: unknown): boolean {
  const [network, bits] = cidr.split('/');
  const family = isIP(network ?? '');
  if (typeof value !== 'string' || family === 0 || isIP(value) !== family) return false;
  const block = new BlockList();
  block.addSubnet(network!, Number(bits ?? (family === 4 ? 32 : 128)), family === 4 ? 'ipv4' : 'ipv6');
  return block.check(value, family === 4 ? 'ipv4' : 'ipv6');
}

/** prefix / suffix: a string, or { "equals-ignore-case": string }. */
function affixMatches(affix: unknown, value: unknown, test: (value: string, affix: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (affix !== null && typeof affix === 'object' && 'equals-ignore-case' in affix) return test(value.toLowerCase(), String((affix as Rule)['equals-ignore-case']).toLowerCase());
  return test(value, String(affix));
}

function numericMatches(ops: (string | number)[], value: unknown): boolean {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === null || value === '' || Number.isNaN(n)) return false;
  for (let i = 0; i < ops.length; i += 2) {
    const bound = Number(ops[i + 1]);
    const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[ops[i] as '='];
    if (!ok) return false;
  }
  return true;
}

/** anything-but: a value or list, or { prefix | suffix | equals-ignore-case | wildcard }. */
function anythingButMatches(excluded: unknown, value: unknown): boolean {
  if (excluded !== null && typeof excluded === 'object' && !Array.isArray(excluded)) {
    const e = excluded as Rule;
    if ('prefix' in e) return typeof value === 'string' && !value.startsWith(String(e['prefix']));
    if ('suffix' in e) return typeof value === 'string' && !value.endsWith(String(e['suffix']));
    if ('equals-ignore-case' in e) return typeof value === 'string' && ![e['equals-ignore-case']].flat().map(lower).includes(value.toLowerCase());
    if ('wildcard' in e) return typeof value === 'string' && ![e['wildcard']].flat().some((w) => wildcardMatches(String(w), value));
    return false;
  }
  return ![excluded].flat().includes(value);
}

function matchesRule(rule: unknown, value: unknown, present: boolean): boolean {
  if (rule === null || typeof rule !== 'object') return present && value === rule;
  const r = rule as Rule;
  if ('exists' in r) return r['exists'] === present;
  if (!present) return false;
  if ('prefix' in r) return affixMatches(r['prefix'], value, (v, a) => v.startsWith(a));
  if ('suffix' in r) return affixMatches(r['suffix'], value, (v, a) => v.endsWith(a));
  if ('anything-but' in r) return anythingButMatches(r['anything-but'], value);
  if ('numeric' in r) return numericMatches(r['numeric'] as (string | number)[], value);
  if ('equals-ignore-case' in r) return typeof value === 'string' && value.toLowerCase() === String(r['equals-ignore-case']).toLowerCase();
  if ('wildcard' in r) return wildcardMatches(String(r['wildcard']), value);
  if ('cidr' in r) return cidrMatches(String(r['cidr']), value);
  return false;
}

export function matchesPattern(pattern: Pattern, data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const object = data as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rules]) => {
    if (key === '$or') return (rules as Pattern[]).some((alternative) => matchesPattern(alternative, object));
    const present = key in object;
    const value = object[key];
    if (Array.isArray(rules)) {
      // A list of rules: any one may match; arrays in the data match if any element does.
      const values = Array.isArray(value) ? value : [value];
      return rules.some((rule) => values.some((v) => matchesRule(rule, v, present)));
    }
    return present && matchesPattern(rules as Pattern, value);
  });
}

/** The mapping's patterns (FilterCriteria.Filters[].Pattern, JSON strings). */
export function parsePatterns(filters: { Pattern?: string }[] | undefined): Pattern[] {
  return (filters ?? []).flatMap((f) => (f.Pattern ? [JSON.parse(f.Pattern) as Pattern] : []));
}

/** True when there are no patterns, or the record matches one of them. */
export function passesFilters(patterns: Pattern[], record: Record<string, unknown>): boolean {
  if (patterns.length === 0) return true;
  let data = record;
  if (typeof record['body'] === 'string') {
    // SQS: a JSON body is filtered as an object, anything else as a string.
    try {
      data = { ...record, body: JSON.parse(record['body']) as unknown };
    } catch {
      data = record;
    }
  }
  return patterns.some((p) => matchesPattern(p, data));
}
