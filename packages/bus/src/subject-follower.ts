import { DeliverPolicy, type ConsumerMessages, type JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { toConsumedMessage, type ConsumedMessage } from './consumed-message.js';
import { sleepBackoff } from './retry-backoff.js';

export interface SubjectFollowerOptions {
  readonly stream: string;
  readonly filterSubject: string;
  readonly logger: Logger;
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
 * Follows the last message of every subject under a filter, then every new one, in stream order,
 * with an ordered (ephemeral, client-sequenced) consumer. On any interruption it resumes from the
 * last sequence it delivered, so the callback sees each stored message at most once per process and
 * never goes backwards. Used to rebuild a zone's own state and to keep the GLOBAL replica.
 */
export class SubjectFollower {
  private readonly abort = new AbortController();
  private messages: ConsumerMessages | undefined;
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
  }

  private async subscribe(): Promise<ConsumerMessages> {
    const { stream, filterSubject } = this.options;
    const resume = this.state.lastSeq > 0;
    const consumer = await this.js.consumers.get(stream, {
      filterSubjects: filterSubject,
      ...(resume
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.state.lastSeq + 1 }
        : { deliver_policy: DeliverPolicy.LastPerSubject }),
    });
    const info = await consumer.info(true);
    if (info.num_pending === 0) this.setCaughtUp();
    const messages = await consumer.consume();
    this.messages = messages;
    return messages;
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
        for await (const msg of messages) {
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
