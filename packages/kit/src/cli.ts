// Argument parsing shared by every script: node:util parseArgs, a --help text
// with an example, and bad input answered with one line and exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { basename } from 'node:path';
import { SetupError, UsageError } from './errors.ts';

export const EXIT_USAGE = 2;

// The SDK warns that its 2027 releases will need Node 22; our versions are
// pinned and run on Node 20, so the warning would only confuse learners.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** One sentence: what the script does. */
  summary: string;
  /** Lines describing each option, shown by --help. */
  usage: string[];
  /** Commands that show typical use. */
  examples: string[];
  options: O;
}

const COMMON = {
  target: { type: 'string', default: 'local' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: typeof COMMON & O; strict: true; allowPositionals: false }>>['values'];

export const COMMON_USAGE = [
  '  --target local|aws   where the lab runs (default: local, the offline emulator)',
  '  -h, --help           show this help',
];

export function scriptName(): string {
  return basename(process.argv[1] ?? 'script');
}

/** Parses process.argv; prints help and exits 0 for --help; throws UsageError on bad input. */
export function parseCli<O extends Options>(spec: CliSpec<O>, argv = process.argv.slice(2)): Values<O> & { target: 'local' | 'aws' } {
  const options = { ...COMMON, ...spec.options };
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; strict: true; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = (error as Error).message;
    // "--x -1": node reads -1 as another option; say how to pass such a value.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value; for a value that starts with "-", write ${ambiguous[1]}=VALUE`);
    throw new UsageError(message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const values = parsed.values as Record<string, unknown>;
  if (values['help']) {
    const name = scriptName();
    console.log(`${name}: ${spec.summary}\n\nOptions:\n${[...spec.usage, ...COMMON_USAGE].join('\n')}\n\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
    process.exit(0);
  }
  const target = values['target'];
  if (target !== 'local' && target !== 'aws') throw new UsageError(`--target must be local or aws, not "${String(target)}"`);
  return { ...(parsed.values as Values<O>), target: target as 'local' | 'aws' };
}

/** Parses a whole number within [min, max] or throws a UsageError naming the flag. */
export function intOption(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${flag} must be a whole number, not "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
  return value;
}

/** A non-empty string of at most `max` characters, or a UsageError. */
export function textOption(flag: string, raw: string | undefined, max: number): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  if (raw.length > max) throw new UsageError(`--${flag} must be at most ${max} characters (got ${raw.length})`);
  return raw;
}

function describe(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `${error.message} (see --help)`, code: EXIT_USAGE };
  if (error instanceof SetupError) return { message: error.message, code: 1 };
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') {
    return { message: 'cannot reach the local emulator: start it with `make up` (or run `make demo`)', code: 1 };
  }
  if (e.name === 'ResourceNotFoundException' || e.name === 'QueueDoesNotExist' || e.name === 'AWS.SimpleQueueService.NonExistentQueue' || e.name === 'NotFound') {
    // A name of the lab's (from its outputs) that is gone means a stale deployment; any other name may just be wrong.
    return { message: `${e.message ?? e.name}: check the name (make status lists the lab's resources; after a make down or make destroy, run \`make apply\`)`, code: 1 };
  }
  if (e.name === 'CredentialsProviderError' || e.name === 'ExpiredTokenException') {
    return { message: `AWS credentials: ${e.message}`, code: 1 };
  }
  return { message: `${e.name ?? 'Error'}: ${e.message ?? String(error)}`, code: 1 };
}

/**
 * Runs a script's main function, turning every failure into one line and an
 * exit code. A reader that closes the pipe early (`| head`) ends the script
 * quietly, as it ends `ls` or `grep`.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a command returns its exit code, or nothing for 0
export function run(main: () => Promise<number | void>): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const { message, code } = describe(error);
      console.error(`${scriptName()}: ${message}`);
      process.exit(code);
    },
  );
}
