import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { Logger } from 'pino';
import { toConsumedMessage, type ConsumedMessage } from './consumed-message.js';
import { jsErrorCode, JsErrorCodes } from './nats-errors.js';
import { sleepBackoff, type BackoffOptions } from './retry-backoff.js';

export interface DurableBatchConsumerOptions<T = ConsumedMessage> {
  /**
   * Turns each message into what the handler receives, as soon as it arrives — while the previous
   * batch is still being handled, so CPU work (decoding) overlaps the handler's I/O. Must not throw.
   * Default: the message itself.
   */
  readonly prepare?: (message: ConsumedMessage) => T;
  readonly stream: string;
  readonly durable: string;
  readonly filterSubject: string;
  /**
   * Re-anchor the consumer to start exactly at this stream sequence (it is deleted and created
   * again), so delivery is in order from there. A projector passes `checkpoint + 1`: otherwise, after
   * a crash, messages delivered before it are redelivered only after `ackWaitMs`, behind newer ones.
   * Omitted: reuse the consumer as it is, or create it to start at the stream's beginning.
   */
  readonly startSequence?: number;
  /** Most messages handed to the handler at once. Default 500. */
  readonly maxBatch?: number;
  /** Bound on delivered-but-unacknowledged messages (in-flight work). Default 2,000. */
  readonly maxAckPending?: number;
  /** Redelivery timeout; kept alive with in-progress acks while a batch is retried. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Backoff between retries of a failed batch and between reconnect attempts. */
  readonly retry?: BackoffOptions;
  readonly logger: Logger;
}

/** Handles one batch; throwing makes the same batch be retried (in order) after a backoff. */
export type BatchHandler<T = ConsumedMessage> = (batch: readonly T[]) => Promise<void>;

interface Buffered<T> {
  readonly msg: JsMsg;
  readonly consumed: ConsumedMessage;
  readonly prepared: T;
}

export interface ConsumerLag {
  /** Messages the server still has for this consumer after the last handled one. */
  readonly pendingMessages: number;
  readonly lastHandledSeq: number;
  /** Age of the last handled message when it was handled (0 when none yet). */
  readonly lastHandledAgeMs: number;
  readonly lastHandledAtMs: number;
}

/**
 * A durable pull consumer that hands the handler batches in stream order, acknowledges a batch only
 * after the handler succeeded, retries a failed batch (never skipping past it) and survives NATS
 * restarts and reconnects. Batches form naturally: whatever has arrived while the previous batch was
 * being handled, up to `maxBatch` — one message at a time when idle, large batches under load.
 */
export class DurableBatchConsumer<T = ConsumedMessage> {
  private readonly options: Required<Omit<DurableBatchConsumerOptions<T>, 'startSequence' | 'retry' | 'prepare'>> &
    Pick<DurableBatchConsumerOptions<T>, 'startSequence' | 'retry'> & { readonly prepare: (message: ConsumedMessage) => T };
  private readonly abort = new AbortController();
  private messages: ConsumerMessages | undefined;
  private running: Promise<void> | undefined;
  private lagState: ConsumerLag = { pendingMessages: 0, lastHandledSeq: 0, lastHandledAgeMs: 0, lastHandledAtMs: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    options: DurableBatchConsumerOptions<T>,
  ) {
    this.options = { maxBatch: 500, maxAckPending: 2_000, ackWaitMs: 30_000, prepare: (message) => message as T, ...options };
  }

  /** Creates (or re-anchors) the consumer, then handles batches until `stop()`. */
  async start(handler: BatchHandler<T>): Promise<void> {
    await this.ensureConsumer();
    this.running = this.loop(handler);
  }

  lag(): ConsumerLag {
    return this.lagState;
  }

  /** Stops after the batch in hand; unacknowledged messages are redelivered to the next consumer. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.messages?.close().catch(() => undefined);
    await this.running;
  }

  private consumerConfig(): Partial<ConsumerConfig> {
    const { durable, filterSubject, ackWaitMs, maxAckPending, startSequence } = this.options;
    return {
      durable_name: durable,
      filter_subject: filterSubject,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: maxAckPending,
      ...(startSequence === undefined
        ? { deliver_policy: DeliverPolicy.All }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, startSequence) }),
    };
  }

  private async ensureConsumer(): Promise<void> {
    const { stream, durable, startSequence } = this.options;
    if (startSequence !== undefined) {
      await this.jsm.consumers.delete(stream, durable).catch((error: unknown) => {
        if (jsErrorCode(error) !== JsErrorCodes.consumerNotFound) throw error;
      });
    } else {
      try {
        await this.jsm.consumers.info(stream, durable);
        return;
      } catch (error) {
        if (jsErrorCode(error) !== JsErrorCodes.consumerNotFound) throw error;
      }
    }
    await this.jsm.consumers.add(stream, this.consumerConfig());
  }

  private async loop(handler: BatchHandler<T>): Promise<void> {
    const { stream, durable, maxBatch, maxAckPending, logger } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const consumer = await this.js.consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: Math.min(maxAckPending, maxBatch * 2) });
        this.messages = messages;
        // A pump moves delivered messages into `buffer` while the previous batch is being handled;
        // the buffer is bounded by max_ack_pending, since nothing in it is acknowledged yet.
        const buffer: Array<Buffered<T>> = [];
        let wake: (() => void) | undefined;
        let ended = false;
        const pump = (async () => {
          try {
            for await (const msg of messages) {
              const consumed = toConsumedMessage(msg);
              buffer.push({ msg, consumed, prepared: this.options.prepare(consumed) });
              wake?.();
            }
          } finally {
            ended = true;
            wake?.();
          }
        })();
        while (!this.abort.signal.aborted) {
          if (buffer.length === 0) {
            if (ended) break;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
            continue;
          }
          failures = 0;
          await this.handle(buffer.splice(0, maxBatch), handler);
        }
        await pump;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        logger.warn({ err: error, stream, durable }, 'consumer interrupted; resuming');
        if (jsErrorCode(error) === JsErrorCodes.consumerNotFound) await this.ensureConsumer().catch(() => undefined);
      }
      if (!this.abort.signal.aborted) await sleepBackoff(failures++, this.abort.signal, this.options.retry);
    }
  }

  private async handle(batch: ReadonlyArray<Buffered<T>>, handler: BatchHandler<T>): Promise<void> {
    const { ackWaitMs, logger, stream, durable } = this.options;
    const consumed = batch.map((entry) => entry.consumed);
    const prepared = batch.map((entry) => entry.prepared);
    // While a batch is being retried, tell the server it is in progress so it is not redelivered.
    const keepAlive = setInterval(
      () => {
        for (const entry of batch) entry.msg.working();
      },
      Math.max(250, ackWaitMs / 3),
    );
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await handler(prepared);
          break;
        } catch (error) {
          if (this.abort.signal.aborted) return; // left unacknowledged: redelivered later
          logger.error(
            { err: error, stream, durable, attempt, firstSeq: consumed[0]?.seq, size: consumed.length },
            'batch failed; retrying',
          );
          await sleepBackoff(attempt, this.abort.signal, this.options.retry);
          if (this.abort.signal.aborted) return;
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
    // Acks travel in order on one connection, so once the server confirms the last one the whole batch is
    // acknowledged: a stop right after a batch never leaves it to be redelivered.
    for (const entry of batch.slice(0, -1)) entry.msg.ack();
    await batch[batch.length - 1]?.msg.ackAck().catch((error: unknown) => {
      logger.warn({ err: error, stream, durable }, 'acknowledgement not confirmed; the batch may be redelivered');
    });
    const last = consumed[consumed.length - 1];
    if (last) {
      const now = Date.now();
      this.lagState = {
        pendingMessages: last.pending,
        lastHandledSeq: last.seq,
        lastHandledAgeMs: Math.max(0, now - last.timestampMs),
        lastHandledAtMs: now,
      };
    }
  }
}
