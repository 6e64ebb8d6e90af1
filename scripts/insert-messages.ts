// Inserts messages into lab 1's table; the stream turns each into a notification.
import { intOption, parseCli, run, textOption } from '@streamlab/kit/cli';
import { SetupError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { getMessage, putBatchWithPoison, putMessage, putPoisonMessage, SAMPLE_MESSAGES, type NewMessage } from '@streamlab/labs/messages';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'insert messages into the lab 1 messages table (each one triggers a notification)',
    usage: [
      '  --author NAME        author of the message(s) (default: the sample authors)',
      '  --text TEXT          text of the message (default: sample texts)',
      '  --reply-to ID        make it a reply to the message with this message_id',
      '  --count N            how many messages to insert, 1-1000 (default: 3)',
      '  --poison             insert an invalid message (no text); with --count N, in the middle of N good ones,',
      '                       in one batch write: watch the retries, the bisect and the on-failure queue',
      '  --json               print the inserted items as JSON',
    ],
    examples: [
      'npx tsx scripts/insert-messages.ts',
      'npx tsx scripts/insert-messages.ts --author alice --text "Hello, stream!"',
      'npx tsx scripts/insert-messages.ts --reply-to 6f1c... --author bob --text "Hi alice"',
      'npx tsx scripts/insert-messages.ts --target aws --count 5',
    ],
    options: {
      author: { type: 'string' },
      text: { type: 'string' },
      'reply-to': { type: 'string' },
      count: { type: 'string' },
      poison: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const author = textOption('author', args.author, 100);
  const text = textOption('text', args.text, 100_000);
  const replyTo = textOption('reply-to', args['reply-to'], 200);
  const count = intOption('count', args.count, author || text || replyTo || args.poison ? 1 : 3, 1, args.poison ? 24 : 1000);

  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const table = target.lab1.messages_table;
  if (args.poison) {
    const good = args.count === undefined ? [] : SAMPLE_MESSAGES.concat(SAMPLE_MESSAGES, SAMPLE_MESSAGES, SAMPLE_MESSAGES, SAMPLE_MESSAGES).slice(0, count);
    const items = good.length > 0 ? await putBatchWithPoison(clients, table, good) : [await putPoisonMessage(clients, table)];
    console.log(`Inserted ${items.length} message(s) into ${table}, one of them poison (no text):`);
    for (const m of items) console.log(`  ${m.message_id}  ${m.author.padEnd(8)} ${m.text === undefined ? '(no text: the processor rejects it)' : `"${m.text.slice(0, 50)}…"`}`);
    console.log('Watch `make trace` for the retries and the bisect, then `make status` for the on-failure queue.');
    return;
  }
  if (replyTo && !(await getMessage(clients, table, replyTo))) {
    throw new SetupError(`--reply-to ${replyTo}: no such message in ${table} (list ids with --json, or insert one first)`);
  }

  const inserted = [];
  for (let i = 0; i < count; i += 1) {
    const sample = SAMPLE_MESSAGES[i % SAMPLE_MESSAGES.length]!;
    const message: NewMessage = {
      author: author ?? sample.author,
      text: text ? (count > 1 ? `${text} (${i + 1}/${count})` : text) : sample.text,
      reply_to_message_id: replyTo,
    };
    inserted.push(await putMessage(clients, table, message));
  }

  if (args.json) {
    console.log(JSON.stringify(inserted, null, 2));
    return;
  }
  console.log(`Inserted ${inserted.length} message(s) into ${table} (${target.name}):`);
  for (const m of inserted) {
    const reply = m.reply_to_message_id ? `  ↳ reply to ${m.reply_to_message_id}` : '';
    console.log(`  ${m.message_id}  ${m.author.padEnd(8)} "${m.text.length > 60 ? `${m.text.slice(0, 59)}…` : m.text}"${reply}`);
  }
  console.log(`Each one becomes a notification on the topic: see the test queue, your email${target.name === 'local' ? ' (make outbox)' : ''}, or run scripts/end-to-end-test.ts.`);
});
