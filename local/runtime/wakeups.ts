// Lets pollers sleep until either the emulator nudges them (a UDP datagram,
// protocol.ts, sent when a stream record or queue message is added) or a slow
// safety-net timer fires. No busy polling, yet data is read at once.
import { createSocket } from 'node:dgram';
import { parseNudge, type Nudge } from './protocol.ts';

/** A table ARN nudge wakes the pollers of its streams (table/<name>/stream/<label>). */
function matches(key: string, arn: string): boolean {
  return key === arn || key.startsWith(`${arn}/`);
}

/** The longest a quiet poller sleeps between safety-net reads. */
export const SAFETY_NET_MAX_MS = 60_000;

/**
 * How long a poller sleeps after `quietReads` reads in a row found nothing:
 * the safety net doubles from `baseMs` up to a minute. Every write nudges the
 * poller at once, so the safety net only covers a lost datagram; one is most
 * likely in a burst, while the poller is still reading, and least after a
 * quiet minute (localhost UDP). A read that finds data starts over at `baseMs`.
 */
export function safetyNetMs(quietReads: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, quietReads - 1), Math.max(baseMs, SAFETY_NET_MAX_MS));
}

export class Wakeups {
  private readonly sleepers = new Map<string, Set<() => void>>();
  private readonly listeners: ((nudge: Nudge) => void)[] = [];
  /** Nudges that arrived while nobody slept: the next sleep on a matching key returns at once. */
  private readonly unheard = new Set<string>();
  /**
   * Sleepers that read a source for themselves (each stream mapping reads the
   * whole shard): a nudge that comes while one is awake is kept for it alone,
   * so that another consumer of the stream sleeping at that moment cannot
   * take it (it would then wait for the safety net, 10 s).
   */
  private readonly owners = new Map<object, { key: string; pending: boolean; sleeping: boolean }>();
  private readonly socket = createSocket('udp4');

  constructor(port: number) {
    this.socket.on('message', (data) => {
      const nudge = parseNudge(data.toString());
      if (!nudge) return;
      for (const listener of this.listeners) listener(nudge);
      if (nudge.kind === 'ddb' || nudge.kind === 'sqs') this.wake(nudge.arn); // async and config nudges have listeners only
    });
    this.socket.on('error', (error) => console.error(`nudge socket: ${error.message}`));
    this.socket.bind(port, '127.0.0.1');
  }

  /** Calls `listener` for every nudge. */
  onNudge(listener: (nudge: Nudge) => void): void {
    this.listeners.push(listener);
  }

  /** Wakes every poller sleeping on a key that `arn` starts with (a table ARN wakes its streams). */
  wake(arn: string): void {
    let heard = false;
    for (const owner of this.owners.values()) {
      if (!owner.sleeping && matches(owner.key, arn)) {
        owner.pending = true;
        heard = true;
      }
    }
    for (const [key, set] of this.sleepers) {
      if (set.size > 0 && matches(key, arn)) {
        for (const resolve of set) resolve();
        set.clear();
        heard = true;
      }
    }
    if (!heard) this.unheard.add(arn);
  }

  /**
   * Resolves on the next nudge for `key`, or after `ms`. With an `owner`, a
   * nudge that came since the owner's last sleep returns at once.
   */
  sleep(key: string, ms: number, owner?: object): Promise<void> {
    let own: { key: string; pending: boolean; sleeping: boolean } | undefined;
    if (owner) {
      own = this.owners.get(owner) ?? { key, pending: false, sleeping: false };
      own.key = key;
      this.owners.set(owner, own);
      if (own.pending) {
        own.pending = false;
        return Promise.resolve();
      }
    }
    for (const arn of this.unheard) {
      if (matches(key, arn)) {
        this.unheard.delete(arn);
        return Promise.resolve();
      }
    }
    return new Promise((resolve) => {
      let set = this.sleepers.get(key);
      if (!set) {
        set = new Set();
        this.sleepers.set(key, set);
      }
      const done = () => {
        clearTimeout(timer);
        set!.delete(done);
        if (own) own.sleeping = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (own) own.sleeping = true;
      set.add(done);
    });
  }

  /** A stopped poller's pending nudges are dropped. */
  forget(owner: object): void {
    this.owners.delete(owner);
  }

  close(): void {
    this.socket.close();
    for (const set of this.sleepers.values()) for (const resolve of set) resolve();
  }
}
