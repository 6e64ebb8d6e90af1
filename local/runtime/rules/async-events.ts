// What Lambda does with an asynchronous event (SNS → Lambda, Invoke with
// InvocationType=Event) between attempts (invocation-async-error-handling,
// invocation-async-configuring). Pure: the async invoker applies the step.

/** Lambda's retry delays after the first and second failure (about 1 and 2 minutes). */
export const RETRY_DELAYS_MS = [60_000, 120_000];

export interface AsyncRetrySettings {
  /** MaximumRetryAttempts (0–2, default 2). */
  maxRetries: number;
  /** MaximumEventAgeInSeconds (default 6 h). */
  maxAgeSeconds: number;
}

export type OnFailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/**
 * - `done`: the attempt succeeded; the event is finished.
 * - `retry`: try again after `delayMs` (Lambda's delay, scaled by `timeScale`).
 * - `on-failure`: the event goes to the DLQ (the event itself) and the OnFailure
 *   destination (an invocation record).
 */
export type AsyncStep = { action: 'done' } | { action: 'retry'; retry: number; delayMs: number } | { action: 'on-failure'; condition: OnFailureCondition };

/** Before an attempt: an event older than MaximumEventAgeInSeconds is not tried again. */
export function beforeAsyncAttempt(ageSeconds: number, settings: AsyncRetrySettings): AsyncStep | undefined {
  return ageSeconds > settings.maxAgeSeconds ? { action: 'on-failure', condition: 'EventAgeExceeded' } : undefined;
}

/** After attempt number `attempts` (1 for the first). */
export function afterAsyncAttempt(ok: boolean, attempts: number, settings: AsyncRetrySettings, timeScale = 1): AsyncStep {
  if (ok) return { action: 'done' };
  const retriesDone = attempts - 1;
  if (retriesDone >= settings.maxRetries) return { action: 'on-failure', condition: 'RetriesExhausted' };
  const delayMs = Math.round((RETRY_DELAYS_MS[retriesDone] ?? RETRY_DELAYS_MS.at(-1)!) * timeScale);
  return { action: 'retry', retry: retriesDone + 1, delayMs };
}
