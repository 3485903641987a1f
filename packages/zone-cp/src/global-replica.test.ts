import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeMesh } from '@kumiko/api';
import { ensureStream, publishToStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, type GlobalViewEntry, type GlobalViewResource } from '@kumiko/events';
import { startNats, waitFor, type NatsServer } from '@kumiko/testing';
import { GlobalReplica, type GlobalReplicaChange } from './global-replica.js';

const logger = pino({ level: 'silent' });

describe('GlobalReplica on a real NATS', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let replica: GlobalReplica | undefined;

  before(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    await ensureStream(await nc.jetstreamManager(), globalStream({ name: 'GLOBAL' }));
  });
  after(async () => {
    await replica?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('given an unreadable entry and a listener that throws, then the entry is skipped, every other listener still sees every change, and the replica keeps following', async () => {
    const js = nc.jetstream();
    const publish = (subject: string, payload: Uint8Array): Promise<unknown> =>
      publishToStream(js, subject, payload, { msgId: `${subject}-${payload.length}` });
    const mesh = (name: string): GlobalViewEntry => {
      const decoded = decodeMesh({ type: 'Mesh', name });
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
      return { kind: 'mesh', name, resource: decoded.value as GlobalViewResource, outboxId: name, time: new Date().toISOString() };
    };
    // Given: garbage on one subject, then two meshes.
    await publish(globalSubject({ kind: 'mesh', mesh: undefined, name: 'garbage' }), new TextEncoder().encode('not json \u0000'));
    await publish(globalSubject({ kind: 'mesh', mesh: undefined, name: 'first' }), encodeGlobalViewEntry(mesh('first')));

    // When: a replica whose first listener throws on every change.
    replica = new GlobalReplica(js, { stream: 'GLOBAL', logger });
    const seen: GlobalReplicaChange[] = [];
    replica.onChange(() => {
      throw new Error('listener bug');
    });
    replica.onChange((change) => seen.push(change));
    await replica.start();
    await publish(globalSubject({ kind: 'mesh', mesh: undefined, name: 'second' }), encodeGlobalViewEntry(mesh('second')));

    // Then
    await waitFor('second mesh', () => (seen.some((change) => change.name === 'second') ? true : undefined));
    assert.deepEqual(
      seen.map((change) => change.name),
      ['first', 'second'],
    );
    assert.ok(replica.get('mesh', 'first'));
    assert.equal(replica.get('mesh', 'garbage'), undefined);
    assert.equal(replica.status()?.skipped, 1);
    assert.equal(replica.status()?.restarts, 0, 'the follower was never interrupted');
  });
});
