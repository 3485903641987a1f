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

export interface RetryOptions extends BackoffOptions {
  /** Stops retrying: the last error is thrown once this aborts. */
  readonly signal: AbortSignal;
  readonly logger: { warn(object: object, message: string): void };
}

/**
 * Runs `step` until it succeeds, logging each failure and backing off between attempts (default
 * 200 ms doubling to 5 s). Used for start-up steps that must wait for a peer (Postgres, NATS)
 * instead of failing the process.
 */
export async function retryUntilDone<T>(what: string, step: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (options.signal.aborted) throw error;
      options.logger.warn({ err: error, attempt }, `${what} failed; retrying`);
      await sleepBackoff(attempt, options.signal, { initialMs: options.initialMs ?? 200, maxMs: options.maxMs ?? 5_000 });
    }
  }
}
