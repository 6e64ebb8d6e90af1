// Shows the dead-letter queues (the lab's, then any other of the account) with receive counts and reasons, moves
// messages back to their source queue once the cause is fixed, or deletes them.
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { deadLetterQueues, depth, otherDeadLetterQueues, peek, redrive, reinvoke, republish } from '@streamlab/labs/dead-letters';
import { emptyQueue } from '@streamlab/kit/queues';
import { labTargetIfDeployed, loadAccount } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: "show the dead-letter queues of the lab and of the account (receive counts, reasons) and redrive them",
    usage: [
      '  --queue KEY          one queue: orders, notifications-test, notifications-subscription, stream-failures,'
      + '\n                       processor, webhook-subscription (lab 3, sns mode), webhook-ingest (lab 3, sqs mode),'
      + '\n                       or the name of any other dead-letter queue of the account',
      '  --show N             list up to N messages of --queue (default: 10)',
      '  --redrive            move every message of --queue back to its source queue',
      '  --purge              delete every message of --queue (a test message you no longer need, e.g. a --poison one)',
      '  --json               print the messages as JSON',
    ],
    examples: ['npx tsx scripts/dlq.ts', 'npx tsx scripts/dlq.ts --queue orders', 'npx tsx scripts/dlq.ts --queue orders --redrive', 'npx tsx scripts/dlq.ts --queue processor --purge'],
    options: { queue: { type: 'string' }, show: { type: 'string' }, redrive: { type: 'boolean', default: false }, purge: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const show = intOption('show', args.show, 10, 1, 1000);
  const target = loadAccount(args.target);
  const lab = labTargetIfDeployed(args.target);
  const clients = clientsFor(target);
  const labQueues = lab ? deadLetterQueues(lab) : [];
  const queues = [...labQueues, ...(await otherDeadLetterQueues(clients, labQueues.map((q) => q.url)))];
  const chosen = args.queue === undefined ? undefined : queues.find((q) => q.key === args.queue);
  if (args.queue !== undefined && !chosen) throw new UsageError(`--queue must be one of ${queues.map((q) => q.key).join(', ')}, not "${args.queue}"`);
  if (args.redrive && !chosen) throw new UsageError('--redrive needs --queue');
  if (args.purge && !chosen) throw new UsageError('--purge needs --queue');
  if (args.purge && args.redrive) throw new UsageError('--purge and --redrive exclude each other');
  if (args.redrive && chosen!.key === 'stream-failures') {
    throw new UsageError('stream-failures holds invocation records, not messages: reprocess the stream records they name instead');
  }

  if (!chosen) {
    console.log(`Dead-letter queues on ${target.name} (visible / in flight):`);
    for (const q of queues) {
      const d = await depth(clients, q.url);
      console.log(`  ${q.key.padEnd(28)} ${String(d.visible).padStart(4)} / ${d.inFlight}   ${q.what}`);
    }
    console.log('Details: npx tsx scripts/dlq.ts --queue KEY');
    return;
  }

  if (args.purge) {
    const before = await depth(clients, chosen.url);
    await emptyQueue(clients, chosen.url);
    console.log(`✓ deleted ${before.visible} message(s) from ${chosen.key}${before.inFlight ? ` (${before.inFlight} in flight were left: run it again once they are visible)` : ''}.`);
    return;
  }

  if (args.redrive) {
    const r =
      labQueues.includes(chosen) && chosen.key === 'processor'
        ? await reinvoke(clients, chosen.url, lab!.lab3.processor_function_name)
        : labQueues.includes(chosen) && chosen.key === 'webhook-subscription'
          ? await republish(clients, chosen.url, lab!.lab3.ingest_topic_arn!)
          : await redrive(target, clients, chosen.url);
    console.log(`✓ moved ${r.moved} message(s) from ${chosen.key} back to ${r.source.split('/').at(-1)} (${r.method}).`);
    return;
  }

  const messages = await peek(clients, chosen.url, show);
  const rows = messages.map((m) => ({
    messageId: m.MessageId,
    receiveCount: Number(m.Attributes?.['ApproximateReceiveCount'] ?? 0),
    sentAt: new Date(Number(m.Attributes?.['SentTimestamp'] ?? 0)).toISOString(),
    reason: chosen.reason(m.Body ?? '', m),
    body: m.Body,
  }));
  if (args.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const d = await depth(clients, chosen.url);
  console.log(`${chosen.what}: ${d.visible} visible, ${d.inFlight} in flight`);
  for (const r of rows) {
    console.log(`  ${r.messageId}  receives ${r.receiveCount - 1} (+1 for this look)  sent ${r.sentAt}\n      reason: ${r.reason}`);
  }
  if (rows.length > 0 && chosen.key !== 'stream-failures') console.log(`Fix the cause, then: npx tsx scripts/dlq.ts --queue ${chosen.key} --redrive`);
});
