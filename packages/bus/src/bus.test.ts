import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { zonesStream } from '@kumiko/events';
import { startNats, waitFor, type NatsServer } from '@kumiko/testing';
import type { ConsumedMessage } from './consumed-message.js';
import { DurableBatchConsumer } from './durable-batch-consumer.js';
import { ConcurrencyConflictError, publishToStream } from './jetstream-publisher.js';
import { ensureStream } from './stream-provisioner.js';
import { FollowerSubscribeError, SubjectFollower } from './subject-follower.js';

const logger = pino({ level: 'silent' });
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (m: ConsumedMessage): string => new TextDecoder().decode(m.data);

describe('bus against a real nats-server', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let streamCount = 0;

  /** A fresh stream per test: its own name and subject prefix. */
  async function freshStream(): Promise<{ name: string; subject: (rest: string) => string }> {
    streamCount += 1;
    const name = `S${streamCount}`;
    const prefix = `t${streamCount}`;
    await ensureStream(jsm, { ...zonesStream({ name }), subjects: [`${prefix}.>`] });
    return { name, subject: (rest) => `${prefix}.${rest}` };
  }

  before(async () => {
    server = await startNats();
    nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    js = nc.jetstream();
    jsm = await nc.jetstreamManager();
  });
  after(async () => {
    await nc.close();
    await server.stop();
  });

  it('given several processes provisioning the same stream at once, then one stream exists with the wanted settings, and a changed setting is applied', async () => {
    const definition = { ...zonesStream({ name: 'RACE', maxMsgsPerSubject: 3 }), subjects: ['race.>'] };
    await Promise.all([ensureStream(jsm, definition), ensureStream(jsm, definition), ensureStream(jsm, definition)]);
    assert.equal((await jsm.streams.info('RACE')).config.max_msgs_per_subject, 3);

    await ensureStream(jsm, { ...definition, maxMsgsPerSubject: 7 });
    const info = await jsm.streams.info('RACE');
    assert.equal(info.config.max_msgs_per_subject, 7);
    assert.equal(info.config.allow_direct, true);
  });

  it('given a repeated message id, then the second publish is acknowledged as a duplicate and not stored', async () => {
    const { name, subject } = await freshStream();
    const first = await publishToStream(js, subject('a'), text('1'), { msgId: 'event-1' });
    const again = await publishToStream(js, subject('a'), text('1'), { msgId: 'event-1' });
    assert.equal(again.duplicate, true);
    assert.equal(again.seq, first.seq);
    assert.equal((await jsm.streams.info(name)).state.messages, 1);
  });

  it('given an expected last subject sequence, then a stale writer gets a ConcurrencyConflictError and nothing is stored', async () => {
    const { name, subject } = await freshStream();
    const created = await publishToStream(js, subject('dp'), text('v1'), { msgId: 'c1', expectedLastSubjectSequence: 0 });
    await assert.rejects(
      publishToStream(js, subject('dp'), text('again'), { msgId: 'c2', expectedLastSubjectSequence: 0 }),
      ConcurrencyConflictError,
    );
    const updated = await publishToStream(js, subject('dp'), text('v2'), { msgId: 'c3', expectedLastSubjectSequence: created.seq });
    await assert.rejects(
      publishToStream(js, subject('dp'), text('lost update'), { msgId: 'c4', expectedLastSubjectSequence: created.seq }),
      (error: unknown) => error instanceof ConcurrencyConflictError && error.expectedSequence === created.seq,
    );
    assert.ok(updated.seq > created.seq);
    assert.equal((await jsm.streams.info(name)).state.messages, 2);
  });

  it('given a handler that fails once, then the same batch is retried in order and every message is handled exactly once after success', async () => {
    const { name, subject } = await freshStream();
    for (let i = 1; i <= 40; i++) await publishToStream(js, subject(`r${i}`), text(String(i)), { msgId: `m${i}` });

    const handled: number[] = [];
    let failOnce = true;
    const consumer = new DurableBatchConsumer(js, jsm, {
      stream: name,
      durable: 'proj',
      filterSubject: subject('>'),
      maxBatch: 16,
      logger,
      retry: { initialMs: 5, maxMs: 20 },
    });
    await consumer.start(async (batch) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('database unavailable');
      }
      handled.push(...batch.map((m) => Number(decode(m))));
      assert.ok(batch.length <= 16);
    });
    await waitFor('all 40 handled', () => (handled.length >= 40 ? true : undefined));
    await consumer.stop();

    assert.deepEqual(
      handled,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const info = await jsm.consumers.info(name, 'proj');
    assert.equal(info.num_ack_pending, 0);
    assert.equal(info.num_pending, 0);
    assert.equal(consumer.lag().pendingMessages, 0);
  });

  it('given a consumer re-anchored at a start sequence, then delivery starts exactly there, in order', async () => {
    const { name, subject } = await freshStream();
    for (let i = 1; i <= 10; i++) await publishToStream(js, subject(`x${i}`), text(String(i)), { msgId: `a${i}` });
    const seqs = (await jsm.streams.info(name)).state;
    const startAt = seqs.first_seq + 6; // the 7th message onwards

    const handled: number[] = [];
    const consumer = new DurableBatchConsumer(js, jsm, {
      stream: name,
      durable: 'anchored',
      filterSubject: subject('>'),
      startSequence: startAt,
      logger,
    });
    await consumer.start(async (batch) => {
      handled.push(...batch.map((m) => m.seq));
    });
    await waitFor('delivery', () => (handled.at(-1) === seqs.last_seq ? true : undefined));
    await consumer.stop();
    assert.equal(handled[0], startAt);
    assert.deepEqual(
      handled,
      [...handled].sort((a, b) => a - b),
    );
  });

  it('given NATS restarts while messages are published, then the consumer and the follower resume and nothing is lost', async () => {
    const { name, subject } = await freshStream();
    const handled = new Set<string>();
    const consumer = new DurableBatchConsumer(js, jsm, {
      stream: name,
      durable: 'survivor',
      filterSubject: subject('>'),
      logger,
      ackWaitMs: 2_000,
      retry: { initialMs: 20, maxMs: 200 },
    });
    await consumer.start(async (batch) => {
      for (const m of batch) handled.add(decode(m));
    });
    const followed = new Map<string, string>();
    const follower = new SubjectFollower(js, { stream: name, filterSubject: subject('>'), logger });
    await follower.start((m) => followed.set(m.subject, decode(m)));

    for (let i = 0; i < 10; i++) await publishToStream(js, subject(`k${i}`), text(`before-${i}`), { msgId: `b${i}` });
    await server.restart();
    for (let i = 0; i < 10; i++) {
      await publishToStream(js, subject(`k${i}`), text(`after-${i}`), { msgId: `p${i}` });
    }

    await waitFor('consumer caught up', () => (handled.size === 20 ? true : undefined), { timeoutMs: 20_000 });
    await waitFor(
      'follower caught up',
      () => ([...followed.values()].every((v) => v.startsWith('after')) && followed.size === 10 ? true : undefined),
      { timeoutMs: 20_000 },
    );
    await Promise.all([consumer.stop(), follower.stop()]);
    assert.equal(handled.size, 20);
  });

  it('given subjects with history, then the follower starts from the last message of each subject and then sees new ones', async () => {
    const { name, subject } = await freshStream();
    await publishToStream(js, subject('a'), text('a1'), { msgId: 'f1' });
    await publishToStream(js, subject('a'), text('a2'), { msgId: 'f2' });
    await publishToStream(js, subject('b'), text('b1'), { msgId: 'f3' });

    const seen: string[] = [];
    const follower = new SubjectFollower(js, { stream: name, filterSubject: subject('>'), logger });
    await follower.start((m) => seen.push(decode(m)));
    assert.deepEqual(seen, ['a2', 'b1']);
    assert.equal(follower.status().caughtUp, true);

    await publishToStream(js, subject('b'), text('b2'), { msgId: 'f4' });
    await waitFor('live update', () => (seen.includes('b2') ? true : undefined));
    await follower.stop();
    assert.deepEqual(seen, ['a2', 'b1', 'b2']);
  });

  it('given an empty filter, then the follower is caught up at once', async () => {
    const { name, subject } = await freshStream();
    const follower = new SubjectFollower(js, { stream: name, filterSubject: subject('nothing.>'), logger });
    await Promise.race([follower.start(() => undefined), sleep(5_000).then(() => assert.fail('start did not resolve'))]);
    await follower.stop();
  });

  it('given a stream that does not exist, then the follower fails fast with a typed error instead of hanging', async () => {
    const follower = new SubjectFollower(js, { stream: 'NO_SUCH_STREAM', filterSubject: 'nothing.>', logger, subscribeTimeoutMs: 1_000 });
    await assert.rejects(
      follower.start(() => undefined),
      (error: unknown) => error instanceof FollowerSubscribeError && /NO_SUCH_STREAM.*stream not found/i.test(error.message),
    );
  });
});
