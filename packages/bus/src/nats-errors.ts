import { NatsError } from 'nats';

/** JetStream API error codes this package reacts to (nats-server `JSErrCodes`). */
export const JsErrorCodes = {
  streamNotFound: 10059,
  streamNameInUse: 10058,
  consumerNotFound: 10014,
  wrongLastSequence: 10071,
  /** The message is larger than the stream's `max_msg_size`. */
  messageTooLarge: 10054,
} as const;

/** The JetStream API error code carried by a nats.js error, if any. */
export function jsErrorCode(error: unknown): number | undefined {
  return error instanceof NatsError ? error.api_error?.err_code : undefined;
}
