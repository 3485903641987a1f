import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffOptions {
  /** First delay. Default 100 ms. */
  readonly initialMs?: number;
  /** Largest delay. Default 10 s. */
  readonly maxMs?: number;
}

/** Exponential backoff with full jitter: attempt 0 waits up to initialMs, doubling up to maxMs. */
export function backoffDelay(attempt: number, { initialMs = 100, maxMs = 10_000 }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Sleeps for the attempt's backoff, waking early (without throwing) when `signal` aborts. */
export async function sleepBackoff(attempt: number, signal: AbortSignal, options?: BackoffOptions): Promise<void> {
  await sleep(backoffDelay(attempt, options), undefined, { signal }).catch(() => undefined);
}
