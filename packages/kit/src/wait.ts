// Waiting for something that happens elsewhere (a stream, a queue, a
// function): poll a probe until it answers or the time is up.
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Calls `probe` every `intervalMs` until it returns a value (anything but
 * undefined or false) and returns that value, or undefined once `timeoutMs`
 * has passed. The probe always runs at least once.
 */
export async function poll<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, intervalMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}
