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
    for (let r = 0; r < runs; r += 1) {
      ours.push(await rawLoops(target.endpoint!, n));
      if (peer) theirs.push(await rawLoops(peer.endpoint, n));
      log(`  run ${r + 1}: ${RAW_CALLS.map((c) => `${c} ${fmt(ours.at(-1)![c])}${peer ? ` vs ${fmt(theirs.at(-1)![c])}` : ''} req/s`).join(', ')}`);
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
