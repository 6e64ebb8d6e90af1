// `make reset`: a clean slate for the next exercise without a terraform apply.
import { parseCli, run } from '@streamlab/kit/cli';
import { clientsFor } from '@streamlab/kit/clients';
import { resetLab } from '@streamlab/labs/reset';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: "empty the labs' tables, queues and DLQs, and (local) the outbox's notifications and the trace, without re-applying",
    usage: [],
    examples: ['npx tsx scripts/reset.ts', 'make reset', 'npx tsx scripts/reset.ts --target aws'],
    options: {},
  });
  const target = loadTarget(args.target);
  const s = await resetLab(target, clientsFor(target));
  const local = s.emails === undefined ? '' : `, ${s.emails} notification email(s) from the outbox${s.trace ? ', the trace' : ''}`;
  console.log(`✓ reset ${target.name}: ${s.items} item(s) from ${s.tables} tables, about ${s.messages} message(s) from ${s.queues} queues${local}.`);
});
