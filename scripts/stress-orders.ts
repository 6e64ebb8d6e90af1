// `make stress`: bursts of lab 2 orders, each counted stored, in the DLQ or
// lost, with the runtime killed mid-burst and lab 3's traffic beside it if
// asked; --all runs every configuration (packages/labs/src/order-stress.ts
// STRESS_CONFIGS). Exit 1 if any order is lost.
import { clientsFor } from '@streamlab/kit/clients';
import { intOption, parseCli, run } from '@streamlab/kit/cli';
import { describeBurst, runOrderBursts, runStressMatrix } from '@streamlab/labs/order-stress';
import { instanceOf, loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'publish bursts of lab 2 orders and count each one stored, in the DLQ or lost (local target)',
    usage: [
      '  --bursts N           how many bursts (default: 3; with --all, per configuration)',
      '  --size N             orders per burst (default: 1000)',
      '  --kill-runtime       kill the runtime (SIGKILL) 1 s into each burst and start it again',
      '  --lab3               send as many lab 3 webhook messages beside each burst',
      '  --all                every configuration: alone, killed, lab 3 beside, both, and IAM off on an instance of its own',
      '  --iam-off-port N     the IAM-off instance\'s port with --all (default: 4900)',
    ],
    examples: ['make stress', 'npx tsx scripts/stress-orders.ts --bursts 20 --kill-runtime --lab3', 'make stress STRESS_ARGS="--all --bursts 20"'],
    options: {
      bursts: { type: 'string' }, size: { type: 'string' }, 'kill-runtime': { type: 'boolean', default: false }, lab3: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false }, 'iam-off-port': { type: 'string' },
    },
  });
  const bursts = intOption('bursts', args.bursts, 3, 1, 1000);
  if (args.all) {
    const totals = await runStressMatrix(instanceOf(args.target), bursts, intOption('iam-off-port', args['iam-off-port'], 4900, 1024, 65_000), console.log);
    console.log('\nconfiguration                       published  stored  in DLQ  lost');
    for (const t of totals) console.log(`${t.config.padEnd(34)}  ${String(t.published).padStart(9)}  ${String(t.stored).padStart(6)}  ${String(t.inDlq).padStart(6)}  ${String(t.lost).padStart(4)}`);
    const lost = totals.reduce((n, t) => n + t.lost, 0);
    console.log(`stress: ${totals.reduce((n, t) => n + t.published, 0)} published in ${totals.length} configurations, ${lost} lost`);
    return lost > 0 ? 1 : 0;
  }
  const target = loadTarget(args.target);
  const size = intOption('size', args.size, 1000, 1, 100_000);
  const config = [args['kill-runtime'] ? 'runtime killed mid-burst' : 'no kill', args.lab3 ? 'lab 3 beside' : 'lab 2 alone'].join(', ');
  console.log(`stress: ${bursts} × ${size} orders (${config}) on instance ${target.instance}`);
  const results = await runOrderBursts(target, clientsFor(target), { bursts, size, killRuntime: args['kill-runtime'], lab3Beside: args.lab3, onBurst: (r) => console.log(`  ${describeBurst(r)}`) });
  const total = (key: 'published' | 'stored' | 'inDlq' | 'lost' | 'unaccounted') => results.reduce((sum, r) => sum + r[key], 0);
  console.log(`stress: ${total('published')} published, ${total('stored')} stored, ${total('inDlq')} in the DLQ, ${total('lost')} lost (${config})`);
  return total('lost') > 0 || total('unaccounted') > 0 ? 1 : 0;
});
