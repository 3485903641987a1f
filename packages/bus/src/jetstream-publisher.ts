import { ErrorCode, headers as natsHeaders, NatsError, type JetStreamClient } from 'nats';
import { EventBusUnavailableError } from './event-bus-unavailable-error.js';
import { jsErrorCode, JsErrorCodes } from './nats-errors.js';
import { sleepBackoff } from './retry-backoff.js';

/** Another writer changed the resource since the expected sequence: the caller's view is stale. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly subject: string,
    readonly expectedSequence: number,
    options?: ErrorOptions,
  ) {
    super(`${subject} changed concurrently (expected last sequence ${expectedSequence})`, options);
  }
}

export interface PublishOptions {
  /** `Nats-Msg-Id`: a repeat inside the stream's duplicate window is acknowledged but not stored. */
  readonly msgId: string;
  /**
   * `Nats-Expected-Last-Subject-Sequence`: the stream sequence of the subject's last message as the
   * caller saw it; 0 means "the subject has no message yet". Omit for an unconditional publish.
   */
  readonly expectedLastSubjectSequence?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait for one acknowledgement. Default: 5 s. */
  readonly timeoutMs?: number;
  /**
   * Keep retrying transient failures (no acknowledgement in time, no responders while JetStream
   * recovers, a connection being re-established) until this much time has passed. Retries reuse the
   * message id, so a publish that did get stored is acknowledged as a duplicate, never stored twice.
   * Default: 15 s.
   */
  readonly retryForMs?: number;
  /**
   * Whether the connection is up (NatsLinkState.connected): while it returns false the publish fails
   * at once with EventBusUnavailableError instead of waiting for an acknowledgement that cannot come.
   * Default: not checked.
   */
  readonly connected?: () => boolean;
}

export interface PublishResult {
  readonly stream: string;
  /** The stored message's stream sequence (the original one for a duplicate). */
  readonly seq: number;
  readonly duplicate: boolean;
}

/**
 * Publishes and waits for the JetStream acknowledgement, which is the commit point: only after it
 * may a caller report success. Transient failures still failing after `retryForMs` (or a connection
 * that `connected` reports down) reject with EventBusUnavailableError, the last failure its `cause`;
 * the message may or may not have been stored then (a retry with the same `msgId` is safe).
 */
export async function publishToStream(
  js: JetStreamClient,
  subject: string,
  payload: Uint8Array,
  options: PublishOptions,
): Promise<PublishResult> {
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(options.headers ?? {})) hdrs.set(key, value);
  const deadline = Date.now() + (options.retryForMs ?? 15_000);
  for (let attempt = 0; ; attempt++) {
    if (options.connected?.() === false) throw new EventBusUnavailableError('the event bus (NATS) is not connected');
    try {
      const ack = await js.publish(subject, payload, {
        msgID: options.msgId,
        headers: hdrs,
        timeout: options.timeoutMs ?? 5_000,
        ...(options.expectedLastSubjectSequence === undefined
          ? {}
          : { expect: { lastSubjectSequence: options.expectedLastSubjectSequence } }),
      });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      if (jsErrorCode(error) === JsErrorCodes.wrongLastSequence && options.expectedLastSubjectSequence !== undefined) {
        throw new ConcurrencyConflictError(subject, options.expectedLastSubjectSequence, { cause: error });
      }
      if (!isTransient(error)) throw error;
      if (Date.now() >= deadline || options.connected?.() === false) {
        throw new EventBusUnavailableError(`the event bus (NATS) did not acknowledge the publish: ${String(error)}`, { cause: error });
      }
      await sleepBackoff(attempt, AbortSignal.timeout(Math.max(0, deadline - Date.now())), { initialMs: 50, maxMs: 1_000 });
    }
  }
}

const TRANSIENT_CODES: ReadonlySet<string> = new Set([ErrorCode.Timeout, ErrorCode.NoResponders, ErrorCode.Disconnect]);

/** Failures after which the message may or may not be stored, and trying again is the answer. */
function isTransient(error: unknown): boolean {
  return error instanceof NatsError && TRANSIENT_CODES.has(error.code);
}
