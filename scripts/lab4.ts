// Lab 4 (build on it) from the command line: the web app's API, the filtered
// queue, preferences and their filter policy, the digest, analytics, search.
// `npx tsx scripts/lab4.ts <command> [options]`; each command prints what a
// learner checks in that exercise.
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { intOption, parseCli, run, textOption } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { receiveAll } from '@streamlab/kit/queues';
import { loadTarget, type Target } from '@streamlab/kit/target';
import { parseEnvelope } from '@streamlab/labs/notifications';
import { callApi, type ApiMessage } from '@streamlab/labs/web-app';

const COMMANDS = ['url', 'post', 'thread', 'search', 'analytics', 'filtered', 'preferences', 'digest'] as const;
type Command = (typeof COMMANDS)[number];

// The command comes first; without one, the options alone are parsed (--help, --target).
const argv = process.argv.slice(2);
const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
const rest = command ? argv.slice(1) : argv;

/** The API refused the request: its status and message, one line, exit 1. */
function fail(status: number, body: Record<string, unknown>): never {
  throw new SetupError(`the API answered ${status}: ${String(body['message'] ?? JSON.stringify(body))}`);
}

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

async function post(target: Target, author: string, text: string, replyTo: string | undefined): Promise<void> {
  const { status, body } = await callApi<{ message: ApiMessage }>(target, 'POST', 'messages', { author, text, ...(replyTo ? { reply_to_message_id: replyTo } : {}) });
  if (status !== 201) fail(status, body as unknown as Record<string, unknown>);
  const m = body.message;
  console.log(`201 Created: message ${m.message_id}`);
  console.log(`  thread ${m.thread_id}${m.reply_to_message_id ? `, in reply to ${m.reply_to_message_id}` : ' (a new thread)'}`);
}

async function thread(target: Target, id: string): Promise<void> {
  const { status, body } = await callApi<{ messages: ApiMessage[] }>(target, 'GET', `threads/${encodeURIComponent(id)}`);
  if (status !== 200) fail(status, body as unknown as Record<string, unknown>);
  const depth = new Map<string, number>();
  console.log(`Thread ${id}: ${body.messages.length} message(s)`);
  for (const m of body.messages) {
    const d = m.reply_to_message_id ? (depth.get(m.reply_to_message_id) ?? 0) + 1 : 0;
    depth.set(m.message_id, d);
    console.log(`  ${'  '.repeat(d)}${d > 0 ? '↳ ' : ''}${m.author}: "${short(m.text)}"`);
  }
}

async function search(target: Target, query: string): Promise<void> {
  const { status, body } = await callApi<{ words: string[]; hits: { message_id: string; author: string; snippet: string }[] }>(target, 'GET', `search?q=${encodeURIComponent(query)}`);
  if (status !== 200) fail(status, body as unknown as Record<string, unknown>);
  console.log(`Search for ${body.words.map((w) => `"${w}"`).join(' and ')}: ${body.hits.length} hit(s)`);
  for (const h of body.hits) console.log(`  ${h.message_id}  ${h.author}: "${short(h.snippet)}"`);
}

async function analytics(target: Target, minutes: number): Promise<void> {
  const { status, body } = await callApi<{ windows: { start: string; total: number; authors: Record<string, number> }[]; top_authors: { author: string; count: number }[] }>(target, 'GET', `analytics?minutes=${minutes}`);
  if (status !== 200) fail(status, body as unknown as Record<string, unknown>);
  console.log(`Messages per ${target.lab4.analytics_window_seconds} s window, last ${minutes} min (${body.windows.length} window(s)):`);
  for (const w of body.windows) console.log(`  ${w.start}  ${String(w.total).padStart(4)}  ${Object.entries(w.authors).map(([a, n]) => `${a} ${n}`).join(', ')}`);
  console.log(`Top authors: ${body.top_authors.map((a) => `${a.author} ${a.count}`).join(', ') || '(none yet)'}`);
}

async function filtered(target: Target): Promise<void> {
  const clients = clientsFor(target);
  const seen: string[] = [];
  for await (const messages of receiveAll(clients.sqs, target.lab4.filtered_queue_url, { WaitTimeSeconds: 1, until: Date.now() + 3000 })) {
    for (const m of messages) {
      const n = parseEnvelope(m.Body ?? '');
      if (n) seen.push(`  ${n.document.message.author}: "${short(n.document.message.text)}" (text_length ${n.attributes['text_length']}, keywords ${n.attributes['keywords'] ?? 'none'})`);
    }
  }
  console.log(`The filtered queue received ${seen.length} notification(s):`);
  for (const line of seen) console.log(line);
}

async function filterPolicy(target: Target, email: string): Promise<string | undefined> {
  const clients = clientsFor(target);
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: target.lab1.notifications_topic_arn }));
  const arn = Subscriptions.find((s) => s.Endpoint?.toLowerCase() === email && s.SubscriptionArn?.startsWith('arn:'))?.SubscriptionArn;
  if (!arn) return undefined;
  return (await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes?.['FilterPolicy'] ?? '(none)';
}

async function preferences(target: Target, email: string, body: Record<string, unknown>): Promise<void> {
  const before = await filterPolicy(target, email);
  const { status, body: answer } = await callApi<{ preferences: Record<string, unknown> }>(target, 'PUT', `preferences/${encodeURIComponent(email)}`, body);
  if (status !== 200) fail(status, answer as unknown as Record<string, unknown>);
  const { updated_at: _, ...saved } = answer.preferences;
  console.log(`Saved: ${JSON.stringify(saved)}`);
  if (before === undefined) {
    console.log(`No confirmed subscription of ${email} to message-notifications: nothing to filter (confirm it, then save again).`);
    return;
  }
  // preferences-sync runs on the table's stream: wait for the policy to change.
  const deadline = Date.now() + 20_000;
  let policy = before;
  while (policy === before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    policy = (await filterPolicy(target, email)) ?? before;
  }
  console.log(policy === before ? `The filter policy is unchanged: ${policy}` : `preferences-sync set the subscription's filter policy:\n  ${policy}`);
}

async function digest(target: Target): Promise<void> {
  const clients = clientsFor(target);
  const name = target.lab4.function_names.digest;
  const out = await clients.lambda.send(new InvokeCommand({ FunctionName: name }));
  const payload = Buffer.from(out.Payload ?? new Uint8Array()).toString();
  if (out.FunctionError) throw new Error(`${name} failed: ${payload}`);
  const result = JSON.parse(payload) as { digests: number; messages: number };
  console.log(`${name} ran now (the schedule runs it daily): ${result.digests} digest(s), ${result.messages} message(s) in them.`);
}

const list = (raw: string | undefined) => (raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean));

run(async () => {
  const args = parseCli(
    {
      summary: 'lab 4 (build on it) from the command line: the web app\'s API, filters, preferences, the digest, analytics, search',
      usage: [
        '  url                                              the web app\'s address',
        '  post --author A --text T [--reply-to ID]         post a message through the web app\'s API',
        '  thread --id THREAD_ID                            a thread, in order, replies indented',
        '  search --query WORDS                             messages that contain every word',
        '  analytics [--minutes 60]                         messages per author per window',
        '  filtered                                         read the filtered subscription\'s queue',
        '  preferences --email E [--authors a,b] [--mute w] [--kinds reply] [--mode digest]',
        '                                                   save preferences; shows the filter policy they become',
        '  digest                                           run the digest function now',
      ],
      examples: ['npx tsx scripts/lab4.ts url', 'npx tsx scripts/lab4.ts post --author alice --text "Hello, lab 4"', 'npx tsx scripts/lab4.ts search --query "stream windows"', 'npx tsx scripts/lab4.ts preferences --email learner@example.com --authors alice --mute spoiler'],
      options: {
        author: { type: 'string' },
        text: { type: 'string' },
        'reply-to': { type: 'string' },
        id: { type: 'string' },
        query: { type: 'string' },
        minutes: { type: 'string' },
        email: { type: 'string' },
        authors: { type: 'string' },
        mute: { type: 'string' },
        kinds: { type: 'string' },
        mode: { type: 'string' },
      },
    },
    rest,
  );
  const target = loadTarget(args.target);
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`the first argument is a command: ${COMMANDS.join(', ')}${command ? `, not "${command}"` : ''}`);
  }
  const need = (flag: string, value: string | undefined) => textOption(flag, value, 20_000) ?? (() => { throw new UsageError(`${command} needs --${flag}`); })();
  switch (command as Command) {
    case 'url':
      console.log(target.lab4.web_app_url);
      return;
    case 'post':
      return post(target, need('author', args.author), need('text', args.text), textOption('reply-to', args['reply-to'], 200));
    case 'thread':
      return thread(target, need('id', args.id));
    case 'search':
      return search(target, need('query', args.query));
    case 'analytics':
      return analytics(target, intOption('minutes', args.minutes, 60, 1, 1440));
    case 'filtered':
      return filtered(target);
    case 'preferences': {
      const body: Record<string, unknown> = {};
      if (args.authors !== undefined) body['authors'] = list(args.authors);
      if (args.mute !== undefined) body['muted_keywords'] = list(args.mute);
      if (args.kinds !== undefined) body['kinds'] = list(args.kinds);
      if (args.mode !== undefined) body['mode'] = args.mode;
      return preferences(target, need('email', args.email).toLowerCase(), body);
    }
    case 'digest':
      return digest(target);
  }
});
