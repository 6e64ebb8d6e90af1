// `make hops`: every hop of lab 2's path counted since the emulator started,
// so a gap between two hops shows where messages went. Exit 1 if one does.
import { clientsFor } from '@streamlab/kit/clients';
import { parseCli, run } from '@streamlab/kit/cli';
import { fetchHopCounts, printLab2Hops } from '@streamlab/labs/hops';
import { loadTarget } from '@streamlab/kit/target';

run(async () => {
  const args = parseCli({
    summary: 'count every hop of lab 2\'s path (published, delivered, added, received, invoked, deleted, DLQ, written) on the local emulator',
    usage: ['  --json               print the emulator\'s raw counters'],
    examples: ['make hops', 'npx tsx scripts/hops.ts --json'],
    options: { json: { type: 'boolean', default: false } },
  });
  const target = loadTarget(args.target);
  if (args.json) {
    console.log(JSON.stringify(await fetchHopCounts(target), null, 2));
    return 0;
  }
  return (await printLab2Hops(target, clientsFor(target))) > 0 ? 1 : 0;
});
