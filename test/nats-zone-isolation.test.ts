/**
 * Proves deploy/nats/nats.conf (natsSecurityConfig's output) on a real nats-server 2.9: every zone CP
 * can do what the bus does for it, under its own user, and nothing that touches another zone, the
 * GLOBAL view's writers, the global CP's consumer or the streams themselves.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { pino } from 'pino';
import {
  ConcurrencyConflictError,
  connectNats,
  DurableBatchConsumer,
  ensureStream,
  publishToStream,
  FollowerSubscribeError,
  SubjectFollower,
} from '@kumiko/bus';
import {
  ALL_ZONES_FILTER,
  escapeToken,
  GLOBAL_FILTER,
  globalStream,
  globalSubject,
  zoneSubject,
  zoneSubjectFilter,
  zonesStream,
} from '@kumiko/events';
import {
  DEFAULT_GLOBAL_CP_CONSUMERS,
  NATS_MAX_PAYLOAD,
  natsPasswordVariable,
  natsSecurityConfig,
  NatsSecurityConfigError,
  natsServerBinary,
  startNats,
  waitFor,
  zoneInboxPrefix,
  type NatsServer,
} from '@kumiko/testing';

const root = resolve(import.meta.dirname, '..');
const DEPLOY_CONFIG = resolve(root, 'deploy', 'nats', 'nats.conf');
const DEPLOY_ZONES = ['zone-1', 'zone-2'];
/** Per real-server test: a missing permission must fail the test, not hang it. */
const TIMEOUT_MS = 10_000;
const PROJECTOR = DEFAULT_GLOBAL_CP_CONSUMERS[0] ?? 'global-projector';
const logger = pino({ level: 'silent' });
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (value: string): Uint8Array => encoder.encode(value);
const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
/** nats-server parses an expanded variable as config: letters first, no `,` `;` or spaces. */
const randomPassword = (): string => `pw${randomBytes(18).toString('hex')}`;
/** What zone-control-plane.ts passes as `inboxPrefix`. */
const inboxOf = (zone: string): string => `_INBOX_${escapeToken(zone)}`;
const dataplaneSubject = (zone: string, name: string): string => zoneSubject({ zone, kind: 'dataplane', mesh: 'default', name });
const regexEscape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const publishViolation = (subject: string): RegExp => new RegExp(`Permissions Violation for Publish to "${regexEscape(subject)}"`);
const subscribeViolation = (subject: string): RegExp => new RegExp(`Permissions Violation for Subscription to "${regexEscape(subject)}"`);

/** The error message a call ends with; fails the test when the call succeeds. */
async function failureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return assert.fail('expected the call to be refused, but it succeeded');
}

/** The consumer nats.js creates for an ordered consumer (OrderedPullConsumerImpl), under our name. */
function orderedConsumerConfig(name: string, filter: string | undefined): Partial<ConsumerConfig> {
  return {
    name,
    ...(filter === undefined ? {} : { filter_subject: filter }),
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.None,
    max_deliver: 1,
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: nanos(60_000),
  };
}

interface Client {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** Without the `$JS.API.INFO` check, which a zone may not call. */
  readonly jsm: JetStreamManager;
  /** Asynchronous errors the server reported on this connection (e.g. PERMISSIONS_VIOLATION). */
  readonly errors: string[];
  /** The latest payload this client published per subject. */
  readonly published: Map<string, string>;
}

async function connectAs(server: NatsServer, user: string, password: string, inboxPrefix?: string): Promise<Client> {
  const nc = await connectNats({
    servers: server.url,
    user,
    password,
    name: `isolation-test-${user}`,
    logger,
    ...(inboxPrefix === undefined ? {} : { inboxPrefix }),
  });
  const errors: string[] = [];
  void (async () => {
    for await (const status of nc.status()) if (status.type === 'error') errors.push(String(status.data));
  })();
  return { nc, js: nc.jetstream(), jsm: await nc.jetstreamManager({ checkAPI: false }), errors, published: new Map() };
}

async function publishAs(client: Client, subject: string, value: string, expectedLastSubjectSequence?: number): Promise<number> {
  const ack = await publishToStream(client.js, subject, text(value), {
    msgId: randomBytes(8).toString('hex'),
    retryForMs: 0,
    ...(expectedLastSubjectSequence === undefined ? {} : { expectedLastSubjectSequence }),
  });
  client.published.set(subject, value);
  return ack.seq;
}

/** Follows `filter` on `stream` with the bus's SubjectFollower; returns the latest payload per subject. */
async function follow(client: Client, stream: string, filter: string): Promise<{ seen: Map<string, string>; stop: () => Promise<void> }> {
  const seen = new Map<string, string>();
  const follower = new SubjectFollower(client.js, { stream, filterSubject: filter, logger });
  await follower.start((message) => seen.set(message.subject, decoder.decode(message.data)));
  return { seen, stop: () => follower.stop() };
}

describe('deploy/nats/nats.conf', () => {
  it('given the zones zone-1 and zone-2, then the file is exactly natsSecurityConfig’s output (rewrite with UPDATE_GOLDEN=1)', () => {
    const generated = natsSecurityConfig({ zones: DEPLOY_ZONES, passwords: 'env' });
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DEPLOY_CONFIG, generated);
    assert.equal(readFileSync(DEPLOY_CONFIG, 'utf8'), generated);
  });

  it('given every password variable it references, then `nats-server -c FILE -t` accepts it', () => {
    const env = { ...process.env };
    for (const user of ['global', ...DEPLOY_ZONES, 'sys']) env[natsPasswordVariable(user)] = randomPassword();
    const result = spawnSync(natsServerBinary(), ['-c', DEPLOY_CONFIG, '-t'], { env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr + result.stdout, /configuration file .* is valid/);
  });

  it('given docker-compose.yml, then it passes the nats service exactly the password variables the config references', () => {
    const referenced = new Set(
      readFileSync(DEPLOY_CONFIG, 'utf8')
        .match(/\$KUMIKO_NATS_\w+_PASSWORD/g)
        ?.map((v) => v.slice(1)),
    );
    const compose = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
    const passed = new Set([...compose.matchAll(/^\s+(KUMIKO_NATS_\w+_PASSWORD):/gm)].map((m) => m[1]));
    assert.deepEqual([...passed].sort(), [...referenced].sort());
    assert.deepEqual([...referenced].sort(), [
      'KUMIKO_NATS_GLOBAL_PASSWORD',
      'KUMIKO_NATS_SYS_PASSWORD',
      'KUMIKO_NATS_ZONE_1_PASSWORD',
      'KUMIKO_NATS_ZONE_2_PASSWORD',
    ]);
  });
});

describe('natsSecurityConfig', () => {
  it('given zone names that clash or are not plain tokens, then it refuses them, naming every problem', () => {
    const failure = (() => {
      try {
        return natsSecurityConfig({ zones: ['zone_1', 'a.b', 'global', 'zone-1'], passwords: 'env' });
      } catch (error) {
        return error;
      }
    })();
    assert.ok(failure instanceof NatsSecurityConfigError, String(failure));
    assert.deepEqual(failure.problems, [
      'zone "a.b" is not a plain subject token; pass zoneToken: escapeToken',
      'zone "global" would share a user with the global user',
      'zones "zone-1" and "zone_1" share the password variable KUMIKO_NATS_ZONE_1_PASSWORD',
    ]);
  });

  it('given literal passwords, then a missing one is refused', () => {
    assert.throws(() => natsSecurityConfig({ zones: ['zone-1'], passwords: { global: 'g', sys: 's' } }), /no password for user "zone-1"/);
  });
});

describe('zone isolation on a real nats-server (deploy/nats/nats.conf)', () => {
  const passwords: Record<string, string> = {};
  const savedEnv: Record<string, string | undefined> = {};
  const zoneClients = new Map<string, Client>();
  let server: NatsServer;
  let central: Client;
  let projector: DurableBatchConsumer;
  const projected: string[] = [];
  const zone = (name: string): Client => zoneClients.get(name) ?? assert.fail(`no client for ${name}`);

  before(async () => {
    for (const user of ['global', ...DEPLOY_ZONES, 'sys']) {
      const variable = natsPasswordVariable(user);
      savedEnv[variable] = process.env[variable];
      passwords[user] = randomPassword();
      process.env[variable] = passwords[user];
    }
    // The very file the compose deployment mounts; nats-server expands the passwords from its environment.
    server = await startNats({ config: readFileSync(DEPLOY_CONFIG, 'utf8') });
    central = await connectAs(server, 'global', passwords.global ?? '');
    await ensureStream(central.jsm, zonesStream());
    await ensureStream(central.jsm, globalStream());
    projector = new DurableBatchConsumer(central.js, central.jsm, {
      stream: 'ZONES',
      durable: PROJECTOR,
      filterSubject: ALL_ZONES_FILTER,
      startSequence: 1,
      logger,
    });
    await projector.start(async (batch) => {
      projected.push(...batch.map((m) => m.subject));
    });
    for (const name of DEPLOY_ZONES) {
      const client = await connectAs(server, name, passwords[name] ?? '', inboxOf(name));
      zoneClients.set(name, client);
      // Seeded by the global user, so that a zone lacking a permission fails its own case only.
      const secret = dataplaneSubject(name, 'secret');
      await publishAs(central, secret, `${name}'s secret`, 0);
      client.published.set(secret, `${name}'s secret`);
    }
    await publishAs(central, globalSubject({ kind: 'mesh', mesh: undefined, name: 'default' }), 'mesh default');
  });

  after(async () => {
    await projector?.stop();
    for (const client of [...zoneClients.values(), central]) await client?.nc.close();
    await server?.stop();
    for (const [variable, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  });

  /** What a refused call must leave untouched: both streams, their consumers, the projector. */
  async function state(): Promise<unknown> {
    const [zones, global, projectorInfo] = await Promise.all([
      central.jsm.streams.info('ZONES', { subjects_filter: '>' }),
      central.jsm.streams.info('GLOBAL', { subjects_filter: '>' }),
      // Missing only after a breach; later cases then still compare before with after.
      central.jsm.consumers.info('ZONES', PROJECTOR).catch(() => undefined),
    ]);
    return {
      zones: { config: zones.config, subjects: zones.state.subjects, consumers: zones.state.consumer_count },
      global: { config: global.config, subjects: global.state.subjects, consumers: global.state.consumer_count },
      projector: projectorInfo?.config ?? 'deleted',
    };
  }

  it(
    'given the global CP’s projector, then it reads every zone’s events (the consumer the zones must not touch is live)',
    { timeout: TIMEOUT_MS },
    async () => {
      await waitFor('projector delivery', () =>
        DEPLOY_ZONES.every((z) => projected.includes(dataplaneSubject(z, 'secret'))) ? true : undefined,
      );
    },
  );

  for (const [me, other] of [
    ['zone-1', 'zone-2'],
    ['zone-2', 'zone-1'],
  ] as const) {
    describe(`${me}'s user`, () => {
      it(
        `given ${me}'s user with inbox prefix ${inboxOf(me)}, when it publishes its own resource with publishToStream, then ZONES stores it, a repeated message id is a duplicate and a stale expected sequence is a ConcurrencyConflictError`,
        { timeout: TIMEOUT_MS },
        async () => {
          const client = zone(me);
          const subject = dataplaneSubject(me, 'web');
          const first = await publishAs(client, subject, 'v1', 0);
          const second = await publishAs(client, subject, 'v2', first);
          const again = await publishToStream(client.js, subject, text('v2'), {
            msgId: 'repeat-' + me,
            expectedLastSubjectSequence: second,
          });
          const duplicate = await publishToStream(client.js, subject, text('v2'), { msgId: 'repeat-' + me });
          assert.equal(duplicate.duplicate, true);
          assert.equal(duplicate.seq, again.seq);
          await assert.rejects(
            publishToStream(client.js, subject, text('lost'), {
              msgId: randomBytes(8).toString('hex'),
              expectedLastSubjectSequence: first,
            }),
            ConcurrencyConflictError,
          );
          const stored = await central.jsm.streams.getMessage('ZONES', { last_by_subj: subject });
          assert.equal(stored.seq, again.seq);
          assert.equal(decoder.decode(stored.data), 'v2');
        },
      );

      it(
        `given ${me}'s user, when its SubjectFollower rebuilds its state from ZONES and keeps following, then it sees the last message of each of its own subjects, then live ones, and nothing of ${other}`,
        { timeout: TIMEOUT_MS },
        async () => {
          const client = zone(me);
          await publishAs(client, dataplaneSubject(me, 'api'), 'old');
          await publishAs(client, dataplaneSubject(me, 'api'), 'new');
          const { seen, stop } = await follow(client, 'ZONES', zoneSubjectFilter(me));
          try {
            assert.deepEqual(new Map([...seen].sort()), new Map([...client.published].sort()));
            await publishAs(client, dataplaneSubject(me, 'live'), 'live');
            await waitFor('live message', () => seen.get(dataplaneSubject(me, 'live')));
            assert.ok([...seen.keys()].every((subject) => subject.startsWith(`kumiko.zone.${me}.`)));
          } finally {
            await stop();
          }
        },
      );

      it(
        `given ${me}'s user, when its SubjectFollower tries to follow ${other}'s subjects, then start fails fast with FollowerSubscribeError`,
        { timeout: TIMEOUT_MS },
        async () => {
          const follower = new SubjectFollower(zone(me).js, {
            stream: 'ZONES',
            filterSubject: zoneSubjectFilter(other),
            logger,
            subscribeTimeoutMs: 1_500,
          });
          await assert.rejects(
            follower.start(() => undefined),
            FollowerSubscribeError,
          );
          await follower.stop();
        },
      );

      it(
        `given ${me}'s user, when its SubjectFollower follows GLOBAL, then it sees the global view, then live entries`,
        { timeout: TIMEOUT_MS },
        async () => {
          const { seen, stop } = await follow(zone(me), 'GLOBAL', GLOBAL_FILTER);
          try {
            assert.deepEqual(
              new Map([...seen].sort()),
              new Map([...central.published].filter(([s]) => s.startsWith('kumiko.global.')).sort()),
            );
            const subject = globalSubject({ kind: 'zone', mesh: undefined, name: `${me}-live` });
            await publishAs(central, subject, 'zone entry');
            await waitFor('live GLOBAL entry', () => seen.get(subject));
          } finally {
            await stop();
          }
        },
      );

      it(`given ${me}'s user, when it reads stream info of ZONES and GLOBAL, then both answer`, { timeout: TIMEOUT_MS }, async () => {
        const { jsm } = zone(me);
        assert.equal((await jsm.streams.info('ZONES')).config.name, 'ZONES');
        assert.equal((await jsm.streams.info('GLOBAL')).config.name, 'GLOBAL');
      });

      for (const [stream, filter] of [
        ['ZONES', zoneSubjectFilter(me)],
        ['GLOBAL', GLOBAL_FILTER],
      ] as const) {
        it(
          `given ${me}'s user, when it creates, inspects, pulls from and deletes an ordered consumer of its own on ${stream} (the calls of an ordered consumer's reset), then each succeeds`,
          { timeout: TIMEOUT_MS },
          async () => {
            const { js, jsm } = zone(me);
            const name = `own-${me}-${randomBytes(4).toString('hex')}`;
            await jsm.consumers.add(stream, orderedConsumerConfig(name, filter));
            assert.equal((await jsm.consumers.info(stream, name)).config.filter_subject, filter);
            const message = await (await js.consumers.get(stream, name)).next({ expires: 1_000 });
            assert.ok(message, 'one message pulled');
            assert.ok(message.subject.startsWith(filter.slice(0, -1)));
            assert.equal(await jsm.consumers.delete(stream, name), true);
          },
        );
      }

      const spy = `spy-${me}`;
      const otherSecret = dataplaneSubject(other, 'secret');
      const denied: ReadonlyArray<{
        readonly when: string;
        readonly subject: string;
        readonly call: (client: Client) => Promise<unknown>;
      }> = [
        {
          when: `publishes into ${other}'s subjects with JetStream`,
          subject: dataplaneSubject(other, 'forged'),
          call: (c) => publishAs(c, dataplaneSubject(other, 'forged'), 'forged'),
        },
        {
          when: 'publishes into the GLOBAL view with JetStream',
          subject: 'kumiko.global.mesh.~.forged',
          call: (c) => publishAs(c, 'kumiko.global.mesh.~.forged', 'forged'),
        },
        {
          when: `creates a consumer on ZONES filtered on ${other}'s subjects`,
          subject: `$JS.API.CONSUMER.CREATE.ZONES.${spy}.${zoneSubjectFilter(other)}`,
          call: (c) => c.jsm.consumers.add('ZONES', orderedConsumerConfig(spy, zoneSubjectFilter(other))),
        },
        {
          when: 'creates a consumer on ZONES filtered on every zone',
          subject: `$JS.API.CONSUMER.CREATE.ZONES.${spy}.${ALL_ZONES_FILTER}`,
          call: (c) => c.jsm.consumers.add('ZONES', orderedConsumerConfig(spy, ALL_ZONES_FILTER)),
        },
        {
          when: 'creates an unfiltered consumer on ZONES',
          subject: `$JS.API.CONSUMER.CREATE.ZONES.${spy}`,
          call: (c) => c.jsm.consumers.add('ZONES', orderedConsumerConfig(spy, undefined)),
        },
        {
          when: 'creates an unnamed consumer on ZONES (the pre-2.9 API, whose subject has no filter)',
          subject: '$JS.API.CONSUMER.CREATE.ZONES',
          call: (c) => c.jsm.consumers.add('ZONES', { filter_subject: zoneSubjectFilter(me), ack_policy: AckPolicy.None }),
        },
        {
          when: 'creates a durable consumer on ZONES through the legacy durable API',
          subject: `$JS.API.CONSUMER.DURABLE.CREATE.ZONES.${spy}`,
          call: (c) =>
            c.nc.request(
              `$JS.API.CONSUMER.DURABLE.CREATE.ZONES.${spy}`,
              json({ stream_name: 'ZONES', config: { durable_name: spy, filter_subject: ALL_ZONES_FILTER } }),
            ),
        },
        {
          when: 'reads the info of the global CP’s projector',
          subject: `$JS.API.CONSUMER.INFO.ZONES.${PROJECTOR}`,
          call: (c) => c.jsm.consumers.info('ZONES', PROJECTOR),
        },
        {
          when: 'pulls from the global CP’s projector',
          subject: `$JS.API.CONSUMER.MSG.NEXT.ZONES.${PROJECTOR}`,
          call: (c) => c.nc.request(`$JS.API.CONSUMER.MSG.NEXT.ZONES.${PROJECTOR}`, json({ batch: 1, no_wait: true })),
        },
        {
          when: 'deletes the global CP’s projector',
          subject: `$JS.API.CONSUMER.DELETE.ZONES.${PROJECTOR}`,
          call: (c) => c.jsm.consumers.delete('ZONES', PROJECTOR),
        },
        {
          when: 'takes the global CP’s projector over by re-creating it with its own filter (2.9 would update the filter)',
          subject: `$JS.API.CONSUMER.CREATE.ZONES.${PROJECTOR}.${zoneSubjectFilter(me)}`,
          call: (c) =>
            c.jsm.consumers.add('ZONES', {
              durable_name: PROJECTOR,
              filter_subject: zoneSubjectFilter(me),
              ack_policy: AckPolicy.Explicit,
            }),
        },
        { when: 'lists the consumers of ZONES', subject: '$JS.API.CONSUMER.LIST.ZONES', call: (c) => c.jsm.consumers.list('ZONES').next() },
        {
          when: 'lists the consumer names of ZONES',
          subject: '$JS.API.CONSUMER.NAMES.ZONES',
          call: (c) => c.nc.request('$JS.API.CONSUMER.NAMES.ZONES', json({})),
        },
        { when: 'deletes stream ZONES', subject: '$JS.API.STREAM.DELETE.ZONES', call: (c) => c.jsm.streams.delete('ZONES') },
        { when: 'purges stream ZONES', subject: '$JS.API.STREAM.PURGE.ZONES', call: (c) => c.jsm.streams.purge('ZONES') },
        {
          when: `purges ${other}'s subjects from ZONES`,
          subject: '$JS.API.STREAM.PURGE.ZONES',
          call: (c) => c.jsm.streams.purge('ZONES', { filter: zoneSubjectFilter(other) }),
        },
        { when: 'purges stream GLOBAL', subject: '$JS.API.STREAM.PURGE.GLOBAL', call: (c) => c.jsm.streams.purge('GLOBAL') },
        {
          when: 'updates stream ZONES',
          subject: '$JS.API.STREAM.UPDATE.ZONES',
          call: (c) => c.jsm.streams.update('ZONES', { max_msgs_per_subject: 1 }),
        },
        {
          when: 'updates stream GLOBAL',
          subject: '$JS.API.STREAM.UPDATE.GLOBAL',
          call: (c) => c.jsm.streams.update('GLOBAL', { subjects: ['kumiko.global.>', 'elsewhere.>'] }),
        },
        {
          when: 'creates a stream of its own',
          subject: '$JS.API.STREAM.CREATE.OWN',
          call: (c) => c.jsm.streams.add({ name: 'OWN', subjects: ['own.>'] }),
        },
        {
          when: 'deletes a message from ZONES',
          subject: '$JS.API.STREAM.MSG.DELETE.ZONES',
          call: (c) => c.jsm.streams.deleteMessage('ZONES', 1),
        },
        { when: 'lists the streams', subject: '$JS.API.STREAM.NAMES', call: (c) => c.jsm.streams.names().next() },
        {
          when: `reads ${other}'s resource with a direct get`,
          subject: '$JS.API.DIRECT.GET.ZONES',
          call: (c) => c.nc.request('$JS.API.DIRECT.GET.ZONES', json({ last_by_subj: otherSecret })),
        },
        {
          when: `reads ${other}'s resource with a last-by-subject direct get`,
          subject: `$JS.API.DIRECT.GET.ZONES.${otherSecret}`,
          call: (c) => c.nc.request(`$JS.API.DIRECT.GET.ZONES.${otherSecret}`),
        },
        {
          when: `reads ${other}'s resource with a stream message get`,
          subject: '$JS.API.STREAM.MSG.GET.ZONES',
          call: (c) => c.jsm.streams.getMessage('ZONES', { last_by_subj: otherSecret }),
        },
        { when: "reads the account's JetStream info", subject: '$JS.API.INFO', call: (c) => c.nc.jetstreamManager() },
      ];
      for (const { when, subject, call } of denied) {
        it(
          `given ${me}'s user, when it ${when}, then the server refuses with a Permissions Violation for ${subject} and nothing changes`,
          { timeout: TIMEOUT_MS },
          async () => {
            const before = await state();
            assert.match(await failureOf(() => call(zone(me))), publishViolation(subject));
            assert.deepEqual(await state(), before);
          },
        );
      }

      it(
        `given ${me}'s user, when it publishes into ${other}'s subjects and into GLOBAL without JetStream, then the server reports a Permissions Violation and neither stream stores it`,
        { timeout: TIMEOUT_MS },
        async () => {
          const client = zone(me);
          const before = await state();
          const errorsBefore = client.errors.length;
          client.nc.publish(dataplaneSubject(other, 'core-forged'), text('forged'));
          client.nc.publish('kumiko.global.mesh.~.core-forged', text('forged'));
          await client.nc.flush();
          const violations = (): number => client.errors.slice(errorsBefore).filter((e) => e === 'PERMISSIONS_VIOLATION').length;
          await waitFor('two permission errors', () => (violations() >= 2 ? true : undefined));
          assert.deepEqual(await state(), before);
        },
      );

      for (const subject of [`${inboxOf(other)}.>`, '_INBOX.>', '>', zoneSubjectFilter(other), `$JS.ACK.ZONES.${PROJECTOR}.>`]) {
        it(
          `given ${me}'s user, when it subscribes to ${subject} while ${other} and the global CP exchange replies, then the server refuses and it receives nothing`,
          { timeout: TIMEOUT_MS },
          async () => {
            const sub = zone(me).nc.subscribe(subject);
            const received: string[] = [];
            const ended = (async () => {
              try {
                for await (const message of sub) received.push(message.subject);
                return 'ended without an error';
              } catch (error) {
                return error instanceof Error ? error.message : String(error);
              }
            })();
            // Replies to the other zone's and the global CP's inboxes; incidental traffic, so failures don't matter here.
            await Promise.allSettled([
              publishAs(zone(other), dataplaneSubject(other, 'reply-traffic'), 'x'),
              zone(other).jsm.streams.info('GLOBAL'),
              central.jsm.streams.info('ZONES'),
            ]);
            const outcome = await Promise.race([ended, sleep(3_000).then(() => 'no refusal within 3 s')]);
            sub.unsubscribe();
            assert.match(outcome, subscribeViolation(subject));
            assert.deepEqual(received, []);
          },
        );
      }

      it(
        `given ${me}'s user, when it smuggles another filter in the body of a create request for its own subjects, then the server refuses the mismatch and creates nothing`,
        { timeout: TIMEOUT_MS },
        async () => {
          const before = await state();
          for (const filter of [zoneSubjectFilter(other), ALL_ZONES_FILTER, undefined]) {
            const reply = await zone(me).nc.request(
              `$JS.API.CONSUMER.CREATE.ZONES.${spy}.${zoneSubjectFilter(me)}`,
              json({ stream_name: 'ZONES', config: orderedConsumerConfig(spy, filter) }),
            );
            assert.match(decoder.decode(reply.data), /"err_code":10131.*did not match filtered subject/);
          }
          assert.deepEqual(await state(), before);
        },
      );

      it(
        `given ${me}'s user, when it asks for 2.10 filter_subjects beside its own filter, then the server (2.9) drops them and the consumer sees only ${me}'s subjects`,
        { timeout: TIMEOUT_MS },
        async () => {
          const name = `${spy}-multi`;
          const reply = await zone(me).nc.request(
            `$JS.API.CONSUMER.CREATE.ZONES.${name}.${zoneSubjectFilter(me)}`,
            json({
              stream_name: 'ZONES',
              config: { ...orderedConsumerConfig(name, zoneSubjectFilter(me)), filter_subjects: [ALL_ZONES_FILTER] },
            }),
          );
          assert.doesNotMatch(decoder.decode(reply.data), /"error"/);
          const info = await central.jsm.consumers.info('ZONES', name);
          assert.equal(info.config.filter_subject, zoneSubjectFilter(me));
          assert.equal(info.config.filter_subjects, undefined);
          const ownMessages = Object.values(
            (await central.jsm.streams.info('ZONES', { subjects_filter: zoneSubjectFilter(me) })).state.subjects ?? {},
          ).reduce((a, b) => a + b, 0);
          assert.equal(info.num_pending, ownMessages);
          assert.equal(await zone(me).jsm.consumers.delete('ZONES', name), true);
        },
      );

      it(
        `given no client subscribes to GLOBAL's subjects (no Kumiko process does), when ${me} creates a push consumer on its own subjects delivering into GLOBAL or the JetStream API, then nothing is delivered and GLOBAL is unchanged`,
        { timeout: TIMEOUT_MS },
        async () => {
          const before = await state();
          const targets = ['kumiko.global.mesh.~.pushed', '$JS.API.STREAM.PURGE.GLOBAL'];
          const names = targets.map((_, i) => `${spy}-push-${i}`);
          for (const [i, target] of targets.entries()) {
            const name = names[i] ?? '';
            const reply = await zone(me).nc.request(
              `$JS.API.CONSUMER.CREATE.ZONES.${name}.${zoneSubjectFilter(me)}`,
              json({ stream_name: 'ZONES', config: { ...orderedConsumerConfig(name, zoneSubjectFilter(me)), deliver_subject: target } }),
            );
            assert.doesNotMatch(
              decoder.decode(reply.data),
              /"error"/,
              'the server accepts a push consumer: permissions cannot see the body',
            );
          }
          await sleep(300);
          for (const name of names) assert.equal((await central.jsm.consumers.info('ZONES', name)).delivered.stream_seq, 0);
          for (const name of names) await zone(me).jsm.consumers.delete('ZONES', name);
          assert.deepEqual(await state(), before);
        },
      );

      it(
        `given ${me}'s user, when it publishes a Nats-Rollup header on its own subject, then ZONES refuses it and ${other}'s resources stay`,
        { timeout: TIMEOUT_MS },
        async () => {
          const before = await state();
          const failure = await failureOf(() =>
            publishToStream(zone(me).js, dataplaneSubject(me, 'rollup'), text('wipe'), {
              msgId: randomBytes(8).toString('hex'),
              headers: { 'Nats-Rollup': 'all' },
            }),
          );
          assert.match(failure, /rollup/i);
          assert.deepEqual(await state(), before);
        },
      );
    });
  }
});

describe('an escaped zone name on a real nats-server', () => {
  it(
    'given the zone "eu.west" (token eu~2Ewest), when its CP publishes and follows its own subjects, then both work under its user and zone-2 stays out of reach',
    { timeout: TIMEOUT_MS },
    async () => {
      const passwords = { global: randomPassword(), sys: randomPassword(), 'eu.west': randomPassword(), 'zone-2': randomPassword() };
      const config = natsSecurityConfig({ zones: ['eu.west', 'zone-2'], passwords, zoneToken: escapeToken });
      assert.equal(zoneInboxPrefix(escapeToken('eu.west')), inboxOf('eu.west'));
      assert.match(config, /"kumiko\.zone\.eu~2Ewest\.>"/);
      const server = await startNats({ config });
      const clients: Client[] = [];
      try {
        const central = await connectAs(server, 'global', passwords.global);
        clients.push(central);
        await ensureStream(central.jsm, zonesStream());
        const eu = await connectAs(server, 'eu.west', passwords['eu.west'], inboxOf('eu.west'));
        clients.push(eu);
        const subject = dataplaneSubject('eu.west', 'web.v1');
        await publishAs(eu, subject, 'v1', 0);
        const { seen, stop } = await follow(eu, 'ZONES', zoneSubjectFilter('eu.west'));
        await stop();
        assert.deepEqual([...seen.keys()], [subject]);
        assert.match(
          await failureOf(() => publishAs(eu, dataplaneSubject('zone-2', 'x'), 'x')),
          publishViolation(dataplaneSubject('zone-2', 'x')),
        );
      } finally {
        for (const client of clients) await client.nc.close();
        await server.stop();
      }
    },
  );
});

describe('JetStream quotas on a real nats-server', () => {
  it(
    'given the account’s consumer quota and the payload limit in the generated config, then a zone creating consumers past the quota and an oversized message are refused',
    { timeout: TIMEOUT_MS * 3 },
    async () => {
      const passwords = { global: randomPassword(), sys: randomPassword(), 'zone-1': randomPassword(), 'zone-2': randomPassword() };
      const config = natsSecurityConfig({ zones: DEPLOY_ZONES, passwords, jetstreamLimits: { consumersPerZone: 1, globalConsumers: 1 } });
      assert.match(config, /max_consumers: 3\n/);
      assert.match(config, new RegExp(`max_payload: ${NATS_MAX_PAYLOAD}\\n`));
      const server = await startNats({ config });
      const clients: Client[] = [];
      try {
        const central = await connectAs(server, 'global', passwords.global);
        clients.push(central);
        await ensureStream(central.jsm, zonesStream());
        const greedy = await connectAs(server, 'zone-1', passwords['zone-1'], inboxOf('zone-1'));
        clients.push(greedy);
        const created: string[] = [];
        const failure = await failureOf(async () => {
          for (let i = 0; i < 10; i++) {
            const name = `greedy-${i}`;
            await greedy.jsm.consumers.add('ZONES', orderedConsumerConfig(name, zoneSubjectFilter('zone-1')));
            created.push(name);
          }
        });
        assert.match(failure, /maximum consumers limit reached/);
        assert.equal(created.length, 3);
        const oversized = await failureOf(() =>
          greedy.nc.flush().then(() => publishAs(greedy, dataplaneSubject('zone-1', 'big'), 'x'.repeat(NATS_MAX_PAYLOAD + 1))),
        );
        assert.match(oversized, /MAX_PAYLOAD_EXCEEDED|maximum payload/i);
      } finally {
        for (const client of clients) await client.nc.close().catch(() => undefined);
        await server.stop();
      }
    },
  );
});
