// Confirms a pending email subscription from the confirmation email in the
// local outbox, as clicking the link in a real email would.
import { parseCli, run, SetupError, textOption, UsageError } from './lib/cli.ts';
import { clientsFor } from './lib/clients.ts';
import { confirmFromOutbox } from './lib/subscriptions.ts';
import { loadTarget } from './lib/target.ts';

run(async () => {
  const args = parseCli({
    summary: 'confirm pending email subscriptions from their confirmation emails in the local outbox',
    usage: ['  --email ADDRESS      confirm only this address (default: every pending confirmation)'],
    examples: ['npx tsx scripts/confirm-subscription.ts', 'make confirm EMAIL=learner@example.com'],
    options: { email: { type: 'string' } },
  });
  const email = textOption('email', args.email, 254);
  if (args.target === 'aws') {
    throw new UsageError('on AWS, confirm by clicking the link in the email SNS sent you; this script reads the local outbox');
  }
  const target = loadTarget(args.target);
  const confirmed = await confirmFromOutbox(target, clientsFor(target), email);
  if (confirmed.length === 0) {
    throw new SetupError(`no confirmation email${email ? ` for ${email}` : ''} in the outbox; is the address in notification_email?`);
  }
  for (const c of confirmed) console.log(`✓ ${c.email} confirmed for ${c.topic} (PendingConfirmation=${c.pending})`);
  console.log(`${confirmed.length} subscription(s) confirmed; new notifications now reach the outbox (make outbox).`);
});
