import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type CpHttpResponse, cpHttpRequest } from '../cp/cp-http-client.js';
import { CpTlsVerificationError, tlsVerificationFailure } from '../cp/cp-tls-error.js';
import type { BootstrapRequest } from './bootstrap-request.js';
import { type BootstrapResponse, decodeBootstrapResponse } from './bootstrap-response.js';

/** The CP answered 4xx: the request is wrong and retrying cannot help. `body` is the CP's text (422: the violations). */
export class BootstrapRejectedError extends Error {
  override readonly name = 'BootstrapRejectedError';
  readonly code = 'BOOTSTRAP_REJECTED';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the control plane rejected the bootstrap request: HTTP ${status}${body.trim() === '' ? '' : `\n${indent(body.trim())}`}`);
  }
}

/** No bootstrap within the timeout: the CP stayed unreachable or kept answering 5xx. `cause` is the last failure. */
export class BootstrapTimeoutError extends Error {
  override readonly name = 'BootstrapTimeoutError';
  readonly code = 'BOOTSTRAP_TIMEOUT';
}

export interface BootstrapClientOptions {
  /** The DP server's base URL (`http://127.0.0.1:5678`, `https://cp:5678`). */
  readonly cpAddress: string;
  /** The CA (PEM) an `https` DP server is verified against; the system roots when absent. */
  readonly caPem?: string | undefined;
  readonly logger: Logger;
  /** How long to keep retrying. Default 60s. */
  readonly timeoutMs?: number;
  /** First retry delay, doubling up to `retryMaxMs`. Defaults 500ms and 5s. */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** One attempt's limit. Default 10s. */
  readonly requestTimeoutMs?: number;
  /** Aborting stops the retries; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

class RetryableFailure extends Error {
  override readonly name = 'RetryableFailure';
  readonly code = 'BOOTSTRAP_RETRYABLE';
}

/**
 * `POST <cp>/bootstrap` with `Accept: application/json`. Connection failures and 5xx (a CP that is
 * starting answers 503) are retried with backoff until `timeoutMs`; 4xx are final
 * ({@link BootstrapRejectedError}), and so is a certificate that does not verify ({@link CpTlsVerificationError}).
 * A 2xx is decoded ({@link decodeBootstrapResponse}).
 */
export async function fetchBootstrap(request: BootstrapRequest, options: BootstrapClientOptions): Promise<BootstrapResponse> {
  const deadline = performance.now() + (options.timeoutMs ?? 60_000);
  let delay = options.retryInitialMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    let failure: RetryableFailure;
    try {
      return await attemptBootstrap(request, options);
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      failure = error;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new BootstrapTimeoutError(`no bootstrap from ${options.cpAddress} after ${attempt} attempts: ${failure.message}`, {
        cause: failure,
      });
    }
    options.logger.warn({ attempt, retryInMs: Math.min(delay, remaining), reason: failure.message }, 'bootstrap request failed; retrying');
    await sleep(Math.min(delay, remaining), undefined, { signal: options.signal }).catch((error: unknown) => {
      options.signal?.throwIfAborted(); // the caller's reason, not the timer's AbortError
      throw error;
    });
    delay = Math.min(delay * 2, options.retryMaxMs ?? 5_000);
  }
}

async function attemptBootstrap(request: BootstrapRequest, options: BootstrapClientOptions): Promise<BootstrapResponse> {
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 10_000);
  let response: CpHttpResponse;
  try {
    response = await cpHttpRequest(`${options.cpAddress}/bootstrap`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
      caPem: options.caPem,
    });
  } catch (cause) {
    options.signal?.throwIfAborted();
    const tls = tlsVerificationFailure(cause);
    if (tls !== undefined) throw new CpTlsVerificationError(options.cpAddress, tls, options.caPem !== undefined);
    throw new RetryableFailure(`cannot reach ${options.cpAddress}: ${describeFetchError(cause)}`, { cause });
  }
  const { body } = response;
  if (response.status >= 500) throw new RetryableFailure(`HTTP ${response.status}: ${body.trim()}`);
  if (response.status >= 400) throw new BootstrapRejectedError(response.status, body);
  if (response.status < 200 || response.status >= 300) throw new RetryableFailure(`unexpected HTTP ${response.status}`);
  return decodeBootstrapResponse(response.headers['content-type'] ?? null, body);
}

/** The useful part (`ECONNREFUSED 127.0.0.1:5678`) may sit in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return `${error.message} (${cause.message})`;
  return error.message;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
