// Confirms a pending email subscription from the confirmation email in the
// local outbox, as clicking the link in a real email would.
import { parseCli, run, textOption } from '@streamlab/kit/cli';
import { SetupError, UsageError } from '@streamlab/kit/errors';
import { clientsFor } from '@streamlab/kit/clients';
import { confirmFromOutbox, emailSubscriptions, emailTopics } from '@streamlab/labs/subscriptions';
import { loadTarget } from '@streamlab/kit/target';
import { outboxDir } from '@streamlab/labs/outbox';
import { existsSync } from 'node:fs';

run(async () => {
  const args = parseCli({
    summary: 'confirm pending email subscriptions from their confirmation emails in the local outbox',
    usage: ['  --email ADDRESS      confirm only this address (default: every pending confirmation)'],
    examples: ['npx tsx scripts/confirm-subscription.ts', 'make confirm EMAIL=learner@example.com'],
    options: { email: { type: 'string' } },
  });
  const email = textOption('email', args.email, 254);
  const target = loadTarget(args.target);
  // On AWS the emails go to a real inbox; in `make rehearse` the AWS target runs
  // on an emulator, whose outbox holds them and stands in for that inbox.
  if (args.target === 'aws' && !existsSync(outboxDir(target.stateDir))) {
    throw new UsageError('on AWS, confirm by clicking the link in the email SNS sent you; this script reads the local outbox');
  }
  const clients = clientsFor(target);
  const confirmed = await confirmFromOutbox(target, clients, email);
  if (confirmed.length === 0) {
    const subs = (await Promise.all(emailTopics(target).map((topic) => emailSubscriptions(clients, topic)))).flat().filter((s) => !email || s.email === email);
    if (subs.length > 0 && subs.every((s) => !s.pending)) {
      console.log(`Nothing to confirm: ${[...new Set(subs.map((s) => s.email))].join(', ')} already confirmed (${subs.length} subscription(s)).`);
      return;
    }
    throw new SetupError(`no pending subscription${email ? ` for ${email}` : ''} with a confirmation email in the outbox; is the address in notification_email?`);
  }
  for (const c of confirmed) console.log(`✓ ${c.email} confirmed for ${c.topic} (PendingConfirmation=${c.pending})`);
  console.log(`${confirmed.length} subscription(s) confirmed; new notifications now reach the outbox (make outbox).`);
});
