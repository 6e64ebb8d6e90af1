// Raw API speed: sequential PutItem, SendMessage and Publish calls against the
// local target and, with --peer ministack, against MiniStack, interleaved.
import { medianOf } from '@streamlab/kit/stats';
import type { Bench } from './context.ts';
import { MINISTACK_VERSION, type Peer, startMinistack } from './peer-ministack.ts';
import { RAW_CALLS, type RawCall, rawLoops } from './raw-api.ts';
import { fmt, spread } from './report.ts';

export async function measureRawCalls({ target, runs, report, log }: Bench, n: number, peerPort?: number): Promise<void> {
  let peer: Peer | undefined;
  if (peerPort !== undefined) peer = await startMinistack(peerPort, (line) => log(`  ${line}`));
  try {
    log(`Raw API: ${runs} × ${n} sequential calls each of ${RAW_CALLS.join(', ')}${peer ? `, streamlab and MiniStack ${MINISTACK_VERSION} interleaved` : ''}`);
    const ours: Record<RawCall, number>[] = [];
    const theirs: Record<RawCall, number>[] = [];
    // V8 compiles the SDK's code while the first loops run (PutItem went
    // 756 -> 1,121 -> 1,313 req/s over three rounds), so a round that is not
    // counted warms it, and the two emulators take turns at going first.
    await rawLoops(target.endpoint!, n);
    if (peer) await rawLoops(peer.endpoint, n);
    log('  warm-up round: not counted');
    for (let r = 0; r < runs; r += 1) {
      const peerFirst = peer !== undefined && r % 2 === 1;
      if (peer && peerFirst) theirs.push(await rawLoops(peer.endpoint, n));
      ours.push(await rawLoops(target.endpoint!, n));
      if (peer && !peerFirst) theirs.push(await rawLoops(peer.endpoint, n));
      log(`  run ${r + 1}${peerFirst ? ' (MiniStack first)' : ''}: ${RAW_CALLS.map((c) => `${c} ${fmt(ours.at(-1)![c])}${peer ? ` vs ${fmt(theirs.at(-1)![c])}` : ''} req/s`).join(', ')}`);
    }
    for (const call of RAW_CALLS) {
      const a = medianOf(ours.map((o) => o[call]));
      report.add(`Raw ${call}, ${n} sequential: streamlab`, spread(a, 0, ' req/s'));
      if (!peer) continue;
      const b = medianOf(theirs.map((o) => o[call]));
      report.add(`Raw ${call}, ${n} sequential: MiniStack ${MINISTACK_VERSION}`, spread(b, 0, ' req/s'));
      report.add(`Raw ${call}: streamlab / MiniStack`, `${(a.median / b.median).toFixed(2)}×`);
    }
  } finally {
    peer?.stop();
  }
}
