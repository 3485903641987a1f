import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from 'nats';
import type { Logger } from 'pino';
import { toConsumedMessage, type ConsumedMessage } from './consumed-message.js';
import { sleepBackoff } from './retry-backoff.js';

export interface SubjectFollowerOptions {
  readonly stream: string;
  readonly filterSubject: string;
  readonly logger: Logger;
  /**
   * How long creating the consumer may take before start() fails with FollowerSubscribeError.
   * nats.js itself retries a denied creation for minutes, leaving a misconfigured zone "starting"
   * with only anonymous permission warnings. Default: 10 s.
   */
  readonly subscribeTimeoutMs?: number;
}

/** The server did not let the follower create its consumer (permissions, missing stream) in time. */
export class FollowerSubscribeError extends Error {
  override readonly name = 'FollowerSubscribeError';
  readonly code = 'FOLLOWER_SUBSCRIBE_FAILED';
}

export interface FollowerStatus {
  /** True once every message that existed at (re)start has been delivered. */
  readonly caughtUp: boolean;
  readonly lastSeq: number;
  /** Time of the last message or of catching up, whichever is later (ms since the epoch). */
  readonly lastProgressAtMs: number;
  /** How many times the follower had to resubscribe (NATS restarts, lost consumers). */
  readonly restarts: number;
}

/**
 * Follows the last message of every subject under a filter, then every new one, in stream order.
 * It creates its own ephemeral, unacknowledged consumer (memory storage, removed when idle) and
 * checks the delivery sequence like an ordered consumer: on a gap or any interruption it replaces
 * the consumer, resuming after the last stream sequence it delivered, so the callback sees each
 * stored message at most once per process and never goes backwards. (nats.js's own ordered
 * consumer retries a denied creation in the background for many minutes; creating the consumer
 * here fails at once and needs no stream-info permission.) Used to rebuild a zone's own state and
 * to keep the GLOBAL replica.
 */
export class SubjectFollower {
  private readonly abort = new AbortController();
  private messages: ConsumerMessages | undefined;
  private consumer: { readonly jsm: JetStreamManager; readonly name: string } | undefined;
  private running: Promise<void> | undefined;
  private state: FollowerStatus = { caughtUp: false, lastSeq: 0, lastProgressAtMs: 0, restarts: 0 };
  private readonly caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: SubjectFollowerOptions,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.markCaughtUp = resolve;
    });
  }

  /**
   * Starts following; resolves once the messages that existed at start were delivered (the state
   * is complete), or rejects if the first subscription fails.
   */
  async start(onMessage: (message: ConsumedMessage) => void): Promise<void> {
    const first = await this.subscribe();
    this.running = this.loop(first, onMessage);
    await this.caughtUp;
  }

  status(): FollowerStatus {
    return this.state;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.messages?.close().catch(() => undefined);
    await this.running;
    if (this.consumer) await this.deleteConsumer(this.consumer.jsm);
  }

  private async subscribe(): Promise<ConsumerMessages> {
    const { stream, filterSubject } = this.options;
    const jsm = await this.js.jetstreamManager(false);
    await this.deleteConsumer(jsm);
    const name = `follower_${randomUUID().replaceAll('-', '')}`;
    const resume = this.state.lastSeq > 0;
    const timeoutMs = this.options.subscribeTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const info = await Promise.race([
      jsm.consumers
        .add(stream, {
          name,
          filter_subject: filterSubject,
          ack_policy: AckPolicy.None,
          max_deliver: 1,
          mem_storage: true,
          num_replicas: 1,
          inactive_threshold: nanos(60_000),
          ...(resume
            ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.state.lastSeq + 1 }
            : { deliver_policy: DeliverPolicy.LastPerSubject }),
        })
        .catch((cause: unknown) => {
          throw new FollowerSubscribeError(
            `cannot create a consumer on stream ${stream} for ${filterSubject}: ${String(cause instanceof Error ? cause.message : cause)}`,
            { cause },
          );
        }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new FollowerSubscribeError(
                `no consumer on stream ${stream} for ${filterSubject} after ${timeoutMs} ms (check the NATS user's permissions)`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    this.consumer = { jsm, name };
    if (info.num_pending === 0) this.setCaughtUp();
    // A consumer gone missing (NATS restarted: it lived in memory) ends the iteration, so we resubscribe.
    const messages = await (await this.js.consumers.get(stream, name)).consume({ abort_on_missing_resource: true });
    this.messages = messages;
    return messages;
  }

  private async deleteConsumer(jsm: JetStreamManager): Promise<void> {
    const previous = this.consumer;
    this.consumer = undefined;
    if (previous) await (previous.jsm ?? jsm).consumers.delete(this.options.stream, previous.name).catch(() => undefined);
  }

  private setCaughtUp(): void {
    this.state = { ...this.state, caughtUp: true, lastProgressAtMs: Date.now() };
    this.markCaughtUp();
  }

  private async loop(first: ConsumerMessages, onMessage: (message: ConsumedMessage) => void): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        messages ??= await this.subscribe();
        let expectedDelivery = 1;
        for await (const msg of messages) {
          if (msg.info.deliverySequence !== expectedDelivery) {
            this.options.logger.warn(
              { filter: this.options.filterSubject, expected: expectedDelivery, got: msg.info.deliverySequence },
              'follower missed messages; resubscribing',
            );
            break;
          }
          expectedDelivery += 1;
          failures = 0;
          const message = toConsumedMessage(msg);
          this.state = { ...this.state, lastSeq: message.seq, lastProgressAtMs: Date.now() };
          onMessage(message);
          if (message.pending === 0 && !this.state.caughtUp) this.setCaughtUp();
        }
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.options.logger.warn({ err: error, filter: this.options.filterSubject }, 'follower interrupted; resuming');
      }
      messages = undefined;
      if (this.abort.signal.aborted) break;
      this.state = { ...this.state, restarts: this.state.restarts + 1 };
      await sleepBackoff(failures++, this.abort.signal);
    }
  }
}
