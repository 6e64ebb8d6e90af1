// Lab 3: sends signed webhook requests (WhatsApp form posts or web JSON) to the
// webhook-handler's function URL, replays duplicates, and sends bad requests.
import { intOption, parseCli, run, textOption } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { percentile } from '@streamlab/kit/stats';
import { waitForCompleted } from '@streamlab/labs/submissions';
import { loadTarget } from '@streamlab/kit/target';
import { BAD_KINDS, buildRequest, redeliver, sampleMessage, sendWebhook, type BadKind, type Client } from '@streamlab/labs/webhooks';

run(async () => {
  const args = parseCli({
    summary: "send signed webhook requests to lab 3's webhook-handler and follow them to their submissions",
    usage: [
      '  --client whatsapp|web  WhatsApp/Twilio form post (default) or web app JSON',
      '  --text TEXT            message text (default: a friendly question)',
      '  --media N              attach N media items, 0-10 (default 0)',
      '  --phone +E164          sender (default: +1415555<n>)',
      '  --count N              send N messages, 1-5000 (default 1)',
      '  --duplicate N          deliver each accepted message N times in all (the same message_id), 2-20',
      '  --concurrent           deliver the duplicates at once, while the first is still processing',
      '  --poison               add "#fail" to the text: the processor fails it (async retries, then the DLQ)',
      `  --bad KIND             send a bad request instead: ${BAD_KINDS.join(' | ')} | all`,
      '  --wait                 wait until every submission is completed and print the latencies',
      '  --json                 print each response as JSON',
    ],
    examples: [
      'npx tsx scripts/send-webhook.ts',
      'npx tsx scripts/send-webhook.ts --client web --text "you have won a prize" --wait',
      'npx tsx scripts/send-webhook.ts --duplicate 3 --concurrent --wait',
      'npx tsx scripts/send-webhook.ts --count 100 --wait',
      'npx tsx scripts/send-webhook.ts --bad all',
    ],
    options: {
      client: { type: 'string', default: 'whatsapp' },
      text: { type: 'string' },
      media: { type: 'string' },
      phone: { type: 'string' },
      count: { type: 'string' },
      duplicate: { type: 'string' },
      concurrent: { type: 'boolean', default: false },
      poison: { type: 'boolean', default: false },
      bad: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (args.client !== 'whatsapp' && args.client !== 'web') throw new UsageError(`--client must be whatsapp or web, not "${args.client}"`);
  const client: Client = args.client;
  const text = textOption('text', args.text, 4000);
  const media = intOption('media', args.media, 0, 0, 10);
  if (args.phone !== undefined && !/^\+[1-9]\d{6,14}$/.test(args.phone)) throw new UsageError(`--phone must be an E.164 number such as +14155550100, not "${args.phone}"`);
  const count = intOption('count', args.count, 1, 1, 5000);
  const duplicate = args.duplicate === undefined ? 1 : intOption('duplicate', args.duplicate, 1, 2, 20);
  if (args.concurrent && duplicate === 1) throw new UsageError('--concurrent needs --duplicate N');
  const bad = args.bad;
  if (bad !== undefined && bad !== 'all' && !(BAD_KINDS as readonly string[]).includes(bad)) throw new UsageError(`--bad must be one of ${BAD_KINDS.join(', ')} or all, not "${bad}"`);

  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const lab = target.lab3;

  if (bad !== undefined) {
    const kinds: BadKind[] = bad === 'all' ? [...BAD_KINDS] : [bad as BadKind];
    for (const kind of kinds) {
      const response = await sendWebhook(target, buildRequest(client, sampleMessage(0)), kind);
      console.log(`${kind.padEnd(14)} → ${response.status} ${response.body.error ?? JSON.stringify(response.body)}`);
    }
    return;
  }

  const accepted: { messageId: string; sentAt: number; message: ReturnType<typeof buildRequest>['message'] }[] = [];
  const started = Date.now();
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => {
      const n = i + j + 1;
      const body = sampleMessage(n, { text: args.poison ? `${text ?? 'Please check this message'} #fail` : text, media, phone: args.phone });
      return buildRequest(client, body);
    });
    const responses = await Promise.all(batch.map((request) => sendWebhook(target, request)));
    responses.forEach((response, j) => {
      if (args.json) console.log(JSON.stringify({ status: response.status, ...response.body, ms: response.ms }));
      else if (count <= 10) console.log(`${response.status} ${response.body.message_id ?? response.body.error} (${response.ms} ms)`);
      if (response.status === 202 && response.body.message_id) accepted.push({ messageId: response.body.message_id, sentAt: response.sentAt, message: batch[j]!.message });
    });
  }
  console.log(`Sent ${count} ${client} webhook(s) to ${lab.webhook_function_name}: ${accepted.length} accepted in ${Date.now() - started} ms (delivery ${lab.delivery_mode}).`);
  if (args.poison) console.log('Each contains "#fail": the processor fails it; after the async retries it lands in the DLQ (npx tsx scripts/dlq.ts --queue processor).');

  if (duplicate > 1) {
    const copies = accepted.flatMap((a) => Array.from({ length: duplicate - 1 }, () => a));
    if (args.concurrent) {
      await Promise.all(copies.map((a) => redeliver(clients, target, a.messageId, a.message)));
      console.log(`Delivered ${copies.length} duplicate(s) at once (same message_id), while the first delivery is processing.`);
    } else {
      await waitForCompleted(clients, lab.submissions_table, accepted.map((a) => a.messageId), 60_000);
      for (const a of copies) await redeliver(clients, target, a.messageId, a.message);
      console.log(`Replayed ${copies.length} duplicate(s) (same message_id) after the first was completed.`);
    }
  }
  if (!args.wait || args.poison) return;

  const done = await waitForCompleted(clients, lab.submissions_table, accepted.map((a) => a.messageId), 120_000);
  const latencies = accepted.filter((a) => done.has(a.messageId)).map((a) => Date.parse(done.get(a.messageId)!.completed_at!) - a.sentAt);
  for (const a of accepted.slice(0, 5)) {
    const s = done.get(a.messageId);
    if (s) console.log(`  ${a.messageId}: ${s.prediction_result} (${s.scam_label}, ${s.confidence_score}) after ${Date.parse(s.completed_at!) - a.sentAt} ms`);
  }
  if (done.size < accepted.length) {
    console.error(`✗ ${accepted.length - done.size} of ${accepted.length} submission(s) not completed after 120 s`);
    return 1;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`✓ ${done.size} submission(s) completed; webhook → submission p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted.at(-1)} ms`);
  if (duplicate > 1) console.log('  Count the replies: npx tsx scripts/replies.ts (one per message_id, however many deliveries).');
});
