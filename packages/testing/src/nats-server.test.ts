import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { startNats, type NatsServer } from './nats-server.js';

const codec = StringCodec();

async function withConnection<T>(server: NatsServer, use: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: server.url, reconnect: false });
  try {
    return await use(nc);
  } finally {
    await nc.close();
  }
}

describe('startNats', () => {
  const started: NatsServer[] = [];
  after(async () => {
    await Promise.all(started.map((server) => server.stop()));
  });

  it('given a started server, when a message is stored in JetStream and the server restarts, then the message is still there on the same port', async () => {
    const server = await startNats();
    started.push(server);
    assert.match(server.url, /^nats:\/\/127\.0\.0\.1:\d+$/);

    await withConnection(server, async (nc) => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'HARNESS', subjects: ['harness.>'] });
      await nc.jetstream().publish('harness.one', codec.encode('kept'));
    });
    const pidBefore = server.pid();

    await server.restart();

    assert.notEqual(server.pid(), pidBefore);
    const text = await withConnection(server, async (nc) => {
      const msg = await (await nc.jetstreamManager()).streams.getMessage('HARNESS', { last_by_subj: 'harness.one' });
      return codec.decode(msg.data);
    });
    assert.equal(text, 'kept');
  });

  it('given a crashed server, when it is restarted, then acknowledged JetStream data survives', async () => {
    const server = await startNats();
    started.push(server);
    await withConnection(server, async (nc) => {
      await (await nc.jetstreamManager()).streams.add({ name: 'CRASH', subjects: ['crash.>'] });
      await nc.jetstream().publish('crash.a', codec.encode('durable'));
    });

    await server.kill();
    await server.restart();

    const info = await withConnection(server, async (nc) => (await nc.jetstreamManager()).streams.info('CRASH'));
    assert.equal(info.state.messages, 1);
  });

  it('given two servers side by side, then they listen on different ports with separate stores', async () => {
    const [a, b] = await Promise.all([startNats(), startNats()]);
    started.push(a, b);
    assert.notEqual(a.port, b.port);
    assert.notEqual(a.storeDir, b.storeDir);

    await withConnection(a, async (nc) => {
      await (await nc.jetstreamManager()).streams.add({ name: 'ONLY_A', subjects: ['a.>'] });
    });
    const namesOnB = await withConnection(b, async (nc) => (await nc.jetstreamManager()).streams.names().next());
    assert.deepEqual(namesOnB, []);
  });

  it('given a config with users, when a client connects without credentials, then it is refused', async () => {
    const server = await startNats({
      config: 'authorization { users = [ { user: zone, password: secret } ] }\n',
    });
    started.push(server);

    await assert.rejects(connect({ servers: server.url, reconnect: false }), /AUTHORIZATION_VIOLATION|Authorization/i);
    const nc = await connect({ servers: server.url, user: 'zone', pass: 'secret', reconnect: false });
    await nc.close();
  });

  it('given a stopped server, then its temporary directory is removed and stop is idempotent', async () => {
    const server = await startNats();
    await server.stop();
    await server.stop();
    assert.equal(existsSync(server.dir), false);
  });
});
