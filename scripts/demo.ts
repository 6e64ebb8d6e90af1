// `make demo`: labs 1, 2, 3 and 4 end to end, step by step, on the chosen target.
import { portsOf } from '../local/runtime/protocol.ts';
import { parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { runLab1Check } from '@streamlab/labs/lab1-check';
import { runLab2Check } from '@streamlab/labs/lab2-check';
import { runLab3Check } from '@streamlab/labs/lab3-check';
import { runLab4Check } from '@streamlab/labs/lab4-check';
import { outboxDir, readOutbox } from '@streamlab/labs/outbox';
import { confirmFromOutbox, emailSubscriptions } from '@streamlab/labs/subscriptions';
import { loadTarget } from '@streamlab/kit/target';
import { resourceName } from '@streamlab/kit/arn';

run(async () => {
  const args = parseCli({
    summary: 'run lab 1 (stream notifications) end to end and the happy paths of lab 2 (orders), lab 3 (webhook) and lab 4 (build on it), showing each step',
    usage: [],
    examples: ['make demo', 'npx tsx scripts/demo.ts --target aws'],
    options: {},
  });
  const target = loadTarget(args.target);
  const clients = clientsFor(target);
  const lab = target.lab1;
  const where = target.endpoint ? `the local emulator at ${target.endpoint}` : `AWS ${target.region}`;

  console.log(`\n== Lab 1: stream notifications, on ${where}`);
  console.log(`   table ${lab.messages_table} → stream → ${lab.processor_function_name} → topic ${resourceName(lab.notifications_topic_arn)}`);

  console.log('\n1. Email subscriptions');
  if (target.name === 'local') {
    for (const c of await confirmFromOutbox(target, clients)) {
      console.log(`   ✓ confirmed ${c.email} for ${c.topic} from its confirmation email (as clicking the link would)`);
    }
  }
  const subs = await emailSubscriptions(clients, lab.notifications_topic_arn);
  if (subs.length === 0) console.log('   (no email subscriptions: set notification_email to get emails)');
  for (const s of subs) console.log(`   ${s.pending ? '… pending, click the link in your email:' : '✓ confirmed:'} ${s.email}`);

  console.log('\n2. A message and a reply go into the table; their notifications reach the SQS test queue');
  const mailsBefore = readOutbox(outboxDir(target.stateDir)).length;
  const result = await runLab1Check(target, clients, 20_000);
  for (const line of result.lines) console.log(`   ${line}`);

  if (target.name === 'local') {
    const mails = readOutbox(outboxDir(target.stateDir)).slice(mailsBefore);
    console.log(`\n3. The same notifications as emails in the outbox (${outboxDir(target.stateDir).replace(`${process.cwd()}/`, '')})`);
    for (const m of mails) console.log(`   ✉ to ${m.headers['to']}: ${m.headers['subject']}`);
    if (mails.length === 0) console.log('   (none: no confirmed email subscription)');
    console.log('   Read the newest with: npx tsx scripts/outbox.ts --show 1');
  } else {
    console.log('\n3. Check your inbox for the two notification emails.');
  }

  console.log(`\n${result.ok ? '✓ Lab 1 passed' : '✗ Lab 1 failed'}${result.latenciesMs.length ? ` (notification latency ${result.latenciesMs.map((l) => `${l} ms`).join(', ')})` : ''}.`);

  console.log(`\n== Lab 2: orders, OrderTopic → OrderQueue → ${target.lab2.processor_function_name} → ${target.lab2.orders_table}`);
  const orders = await runLab2Check(target, clients, 20_000);
  for (const line of orders.lines) console.log(`   ${line}`);
  console.log(`\n${orders.ok ? '✓ Lab 2 passed' : '✗ Lab 2 failed'}.`);

  const lab3 = target.lab3;
  const via = lab3.delivery_mode === 'sns' ? 'SNS push' : 'SQS polling';
  console.log(`\n== Lab 3: webhook → ${via} → ${lab3.processor_function_name} (idempotent) → submission + reply`);
  const webhook = await runLab3Check(target, clients, 20_000);
  for (const line of webhook.lines) console.log(`   ${line}`);
  console.log(`\n${webhook.ok ? '✓ Lab 3 passed' : '✗ Lab 3 failed'}.`);

  console.log(`\n== Lab 4: build on it: the web app → ${target.lab1.messages_table} → stream → filters, threads, search, analytics`);
  const buildOn = await runLab4Check(target, clients, 20_000);
  for (const line of buildOn.lines) console.log(`   ${line}`);
  console.log(`\n${buildOn.ok ? '✓ Lab 4 passed' : '✗ Lab 4 failed'}. Open the web app: ${target.lab4.web_app_url}`);

  if (target.endpoint) {
    // local/up.sh starts the lab console beside the emulator.
    const port = portsOf(Number(new URL(target.endpoint).port)).console;
    console.log(`\nThe lab console: http://127.0.0.1:${port}/ (make console): each lab's pipeline live, message timelines, metrics, the mailbox.`);
  }
  console.log('\nNext: the workshop in docs/ (lab-1-stream-notifications.md, lab-2-orders.md, lab-3-webhook-idempotency.md, lab-3-migration.md, lab-4-build-on-it.md); `make trace` shows every invocation live.');
  return result.ok && orders.ok && webhook.ok && buildOn.ok ? 0 : 1;
});
