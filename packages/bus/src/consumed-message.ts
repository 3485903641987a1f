import type { JsMsg } from 'nats';

/** A message as handlers see it: no client-library types leak out of this package. */
export interface ConsumedMessage {
  readonly subject: string;
  /** Stream sequence: unique and increasing per stream, hence per subject too. */
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** When JetStream stored the message (ms since the epoch). */
  readonly timestampMs: number;
  readonly redelivered: boolean;
  /** Messages still pending for this consumer after this one (its lag in messages). */
  readonly pending: number;
}

export function toConsumedMessage(msg: JsMsg): ConsumedMessage {
  const headers: Record<string, string> = {};
  if (msg.headers) for (const [key, values] of msg.headers) headers[key] = values[0] ?? '';
  return {
    subject: msg.subject,
    seq: msg.seq,
    data: msg.data,
    headers,
    timestampMs: Math.floor(msg.info.timestampNanos / 1_000_000),
    redelivered: msg.redelivered,
    pending: msg.info.pending,
  };
}
