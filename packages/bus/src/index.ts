/**
 * @kumiko/bus — JetStream adapters: stream provisioning, publish with idempotency and optimistic
 * concurrency, a durable batch consumer, and an ordered follower of last-per-subject state; and
 * the start-up helpers both control planes share: retry with backoff and a component runner.
 *
 * ```ts
 * const nc = await connectNats({ servers: url, name: 'zone-1', logger });
 * const js = nc.jetstream();
 * await ensureStream(await nc.jetstreamManager(), zonesStream());
 * await publishToStream(js, subject, bytes, { msgId: eventId, expectedLastSubjectSequence: 0 });
 * const consumer = new DurableBatchConsumer(js, jsm, { stream: 'ZONES', durable: 'projector', filterSubject: ALL_ZONES_FILTER, logger });
 * await consumer.start(async (batch) => { ... });   // acked only after the handler resolves
 *
 * const runner = new ComponentRunner([
 *   { name: 'zone-store', retry: true, start: () => store.start(), stop: () => store.stop() },
 *   { name: 'heartbeat', start: () => heartbeat.start(), stop: () => heartbeat.stop() },
 * ], { logger });
 * await runner.start();   // in order, retrying 'zone-store' while NATS is unreachable
 * runner.isReady();       // every component started and ready
 * await runner.stop();    // in reverse order
 * ```
 */
export { ComponentRunner, ComponentStartError } from './component-runner.js';
export type { Component, ComponentRunnerLogger, ComponentRunnerOptions } from './component-runner.js';
export type { ConsumedMessage } from './consumed-message.js';
export { DurableBatchConsumer } from './durable-batch-consumer.js';
export type { BatchHandler, ConsumerLag, DurableBatchConsumerOptions } from './durable-batch-consumer.js';
export { ConcurrencyConflictError, publishToStream } from './jetstream-publisher.js';
export type { PublishOptions, PublishResult } from './jetstream-publisher.js';
export { connectNats } from './nats-connection.js';
export type { NatsConnectionOptions } from './nats-connection.js';
export { EventBusUnavailableError } from './event-bus-unavailable-error.js';
export { NatsLinkState } from './nats-link-state.js';
export { jsErrorCode, JsErrorCodes } from './nats-errors.js';
export { natsSettings } from './nats-settings.js';
export { backoffDelay, retryUntilDone, sleepBackoff } from './retry-backoff.js';
export type { BackoffOptions, RetryOptions } from './retry-backoff.js';
export { ensureStream, toStreamConfig } from './stream-provisioner.js';
export { FollowerSubscribeError, SubjectFollower } from './subject-follower.js';
export type { FollowerStatus, SubjectFollowerOptions } from './subject-follower.js';
