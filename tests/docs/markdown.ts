// Reads the command blocks of a workshop page and the output each one shows.
//
// A ```bash block is a step; the ```text block right after it (nothing but
// blank lines in between) is what it prints; so is a ```json block. Other text blocks illustrate and
// are not compared. Markers are HTML comments just above a block, invisible
// on GitHub:
//   <!-- docs-test: aws -->            the block belongs to the AWS track only
//   <!-- docs-test: skip: <reason> --> not run, with the reason in the report
//   <!-- docs-test: slow -->           run by `make docs-test`, not inside `make test`
//   <!-- docs-test: until 120 s -->    rerun until the output matches (a step that waits)
//   <!-- docs-test: exit 1 -->         the command is expected to fail with this code
//   <!-- docs-test: counts vary -->    (on the text block) mask every number
// Lines of a bash block that name the AWS target (`--target aws`,
// `TARGET=aws`) are left out on the local track, as a reader would.

export interface Marks {
  aws?: boolean;
  skip?: string;
  slow?: boolean;
  untilSeconds?: number;
  exit?: number;
  countsVary?: boolean;
}

export interface Step {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The nearest heading above the block. */
  section: string;
  command: string;
  marks: Marks;
  expected?: { text: string; line: number; countsVary: boolean };
}

const MARKER = /^<!--\s*docs-test:\s*(.+?)\s*-->$/;

export function parseMarks(text: string, into: Marks = {}): Marks {
  // "skip: <reason>" is last and takes the rest of the text, semicolons included.
  const skipAt = text.search(/(^|;\s*)skip\b/);
  const reason = skipAt >= 0 ? text.slice(skipAt).replace(/^;\s*/, '') : undefined;
  const parts = (skipAt >= 0 ? text.slice(0, skipAt) : text).split(/\s*;\s*/).filter(Boolean);
  for (const part of reason ? [...parts, reason] : parts) {
    const skip = /^skip(?::\s*([\s\S]+))?$/.exec(part);
    const until = /^until (\d+) ?s$/.exec(part);
    const exit = /^exit (\d+)$/.exec(part);
    if (part === 'aws') into.aws = true;
    else if (part === 'slow') into.slow = true;
    else if (part === 'counts vary') into.countsVary = true;
    else if (skip) into.skip = skip[1] ?? 'marked skip';
    else if (until) into.untilSeconds = Number(until[1]);
    else if (exit) into.exit = Number(exit[1]);
    else throw new Error(`unknown docs-test marker "${part}"`);
  }
  return into;
}

export function parseSteps(file: string, markdown: string): Step[] {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  let section = '';
  let pending: Marks = {};
  let last: Step | undefined; // the step a following text block may belong to
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1]!;
      last = undefined;
      continue;
    }
    const marker = MARKER.exec(line.trim());
    if (marker) {
      parseMarks(marker[1]!, pending);
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) {
      if (line.trim() !== '') last = undefined;
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const lang = fence[1];
    if (lang === 'bash') {
      last = { file, line: start + 1, section, command: body.join('\n'), marks: pending };
      steps.push(last);
    } else if ((lang === 'text' || lang === 'json') && last && !last.expected) {
      last.expected = { text: body.join('\n'), line: start + 1, countsVary: pending.countsVary === true };
      last = undefined;
    } else {
      last = undefined;
    }
    pending = {};
  }
  return steps;
}

/** Joins backslash continuations and drops the lines that only apply to the AWS target. */
export function localCommands(command: string): { run: string[]; awsOnly: string[] } {
  const joined = command.replace(/\s*\\\n\s*/g, ' ').split('\n');
  const run: string[] = [];
  const awsOnly: string[] = [];
  for (const line of joined) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (/--target aws\b|\bTARGET=aws\b/.test(line)) awsOnly.push(line);
    else run.push(line);
  }
  return { run, awsOnly };
}
