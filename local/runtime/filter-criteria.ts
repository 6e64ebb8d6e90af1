// Event filtering for event source mappings (Lambda developer guide,
// invocation-eventfiltering): a record is delivered when it matches at least
// one filter pattern. Patterns use EventBridge syntax; supported here: exact
// values, prefix, suffix, anything-but, numeric ranges, exists, and nesting.
// For SQS, a JSON body is matched as an object; for streams, the record as is.

type Pattern = { [key: string]: Pattern | unknown[] };

function matchesRule(rule: unknown, value: unknown, present: boolean): boolean {
  if (rule === null || typeof rule !== 'object') return present && value === rule;
  const r = rule as Record<string, unknown>;
  if ('exists' in r) return r['exists'] === present;
  if (!present) return false;
  if ('prefix' in r) return typeof value === 'string' && value.startsWith(String(r['prefix']));
  if ('suffix' in r) return typeof value === 'string' && value.endsWith(String(r['suffix']));
  if ('anything-but' in r) {
    const excluded = Array.isArray(r['anything-but']) ? (r['anything-but'] as unknown[]) : [r['anything-but']];
    return !excluded.includes(value);
  }
  if ('numeric' in r) {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isNaN(n)) return false;
    const ops = r['numeric'] as (string | number)[];
    for (let i = 0; i < ops.length; i += 2) {
      const bound = Number(ops[i + 1]);
      const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[ops[i] as '='];
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export function matchesPattern(pattern: Pattern, data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const object = data as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rules]) => {
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
