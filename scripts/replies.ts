// Lab 3: reads the replies the background processor sent (the replies queue
// stands in for WhatsApp), one line each, and counts them per message_id.
import { parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { readReplies } from '@streamlab/labs/replies';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: "read lab 3's replies from the replies queue (they are removed unless --keep)",
    usage: ['  --keep               leave the replies in the queue', '  --json               print the replies as JSON'],
    examples: ['npx tsx scripts/replies.ts', 'npx tsx scripts/replies.ts --keep --json'],
    options: { keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const target = loadTarget(args.target);
  const replies = await readReplies(clientsFor(target), target.lab3.replies_queue_url, { quietMs: 1000, timeoutMs: 30_000, keep: args.keep });
  if (args.json) {
    console.log(JSON.stringify(replies, null, 2));
    return;
  }
  for (const r of replies.slice(0, 20)) console.log(`→ ${r.phone_number} (${r.client_type}) ${r.message_id}: ${r.prediction_result}/${r.scam_label} ${r.confidence_score} "${r.reply_text}"`);
  if (replies.length > 20) console.log(`… and ${replies.length - 20} more`);
  const ids = new Set(replies.map((r) => r.message_id));
  console.log(`${replies.length} reply(ies) for ${ids.size} message_id(s)${replies.length === ids.size ? ': one each' : `: ${replies.length - ids.size} repeated`}.`);
});
