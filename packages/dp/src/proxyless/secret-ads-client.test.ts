import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { type AdsCallbacks, AdsServer, SnapshotCache, TypeUrls, type XdsSnapshot, buildSnapshot, meshSecretResources } from '@kumiko/xds';
import { Secret, rawResource, snapshotFromResources } from '@kumiko/xds/test-support';
import { MetadataRecordingAdsServer } from '../test-support/metadata-recording-ads-server.js';
import type { IdentityMaterial } from './identity-files.js';
import { SecretAdsClient } from './secret-ads-client.js';

const NODE = 'm.app-1';

function identity(cert: string): XdsSnapshot {
  return buildSnapshot(meshSecretResources({ mesh: 'm', certPem: cert, keyPem: 'key', caPem: 'ca' }));
}

/** Both Secrets present, but the identity one holds a CA: the agent cannot write a certificate from it. */
function unusable(): XdsSnapshot {
  const secret = (name: string) =>
    rawResource(
      name,
      Secret.encode({
        name,
        type: {
          $case: 'validation_context',
          validation_context: { trusted_ca: { specifier: { $case: 'inline_string', inline_string: 'ca' } } },
        },
      }).finish(),
    );
  return snapshotFromResources(new Map([[TypeUrls.Secret, [secret('identity_cert:secret:m'), secret('mesh_ca:secret:m')]]]));
}

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('SecretAdsClient', () => {
  const acks: string[] = [];
  const nacks: string[] = [];
  const callbacks: AdsCallbacks = {
    ackReceived: ({ typeUrl, version }) => acks.push(`${typeUrl} ${version}`),
    nackReceived: ({ nack }) => nacks.push(nack.message),
  };
  const received: IdentityMaterial[] = [];
  let cache = new SnapshotCache();
  let server = new AdsServer({ cache, callbacks });
  let client: SecretAdsClient | undefined;

  after(async () => {
    client?.stop();
    await server.stop();
  });

  it('given the CP pushes Secrets, a bad one, a re-issue, then restarts, then the agent writes, ACKs, NACKs, and reconnects for the next', async () => {
    const port = await server.start('127.0.0.1:0');
    const first = identity('cert-1');
    cache.set(NODE, first);
    client = new SecretAdsClient({
      target: `127.0.0.1:${port}`,
      node: { id: NODE, cluster: 'app', metadata: { 'dataplane.proxyType': 'dataplane' } },
      mesh: 'm',
      logger: pino({ level: 'silent' }),
      onIdentity: async (material) => {
        received.push(material);
      },
      reconnect: { initialMs: 50, maxMs: 200 },
    });
    client.start();

    // the identity arrives whole, and is ACKed at its version once stored
    await until('the first identity', () => received[0]);
    assert.deepEqual(received, [{ certPem: 'cert-1', keyPem: 'key', caPem: 'ca' }]);
    await until('the ACK', () => (acks.includes(`${TypeUrls.Secret} ${first.versions.get(TypeUrls.Secret)}`) ? true : undefined));

    // a Secret of the wrong kind is NACKed with the reason, and nothing is written
    cache.set(NODE, unusable());
    assert.equal(await until('the NACK', () => nacks[0]), 'identity_cert:secret:m is not a TLS certificate');
    assert.equal(received.length, 1);

    // a re-issued certificate is written again
    cache.set(NODE, identity('cert-2'));
    await until('the re-issued identity', () => received[1]);
    assert.equal(received[1]?.certPem, 'cert-2');

    // the CP restarts on the same port: the agent reconnects on its own and gets what the new CP serves
    await server.stop();
    cache = new SnapshotCache();
    server = new AdsServer({ cache, callbacks });
    await server.start(`127.0.0.1:${port}`);
    cache.set(NODE, identity('cert-3'));
    await until('the identity from the restarted CP', () => received[2]);
    assert.equal(received[2]?.certPem, 'cert-3');
    assert.equal(received.length, 3);
  });
});

describe('SecretAdsClient authorization', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJOYW1lIjoiYXBwLTEifQ.c2ln';
  const node = { id: NODE, cluster: 'app', metadata: {} };

  for (const [what, token, expected] of [
    ['a token', TOKEN, [TOKEN]],
    ['no token', undefined, []],
  ] as const) {
    it(`given ${what}, when the agent opens its stream and reopens it after the CP drops it, then each stream carries authorization ${JSON.stringify(expected)}`, async () => {
      const cp = new MetadataRecordingAdsServer();
      const agent = new SecretAdsClient({
        target: await cp.start(),
        token,
        node,
        mesh: 'm',
        logger: pino({ level: 'silent' }),
        onIdentity: async () => undefined,
        reconnect: { initialMs: 20, maxMs: 20 },
      });
      try {
        agent.start();
        await cp.waitForStreams(1);
        cp.dropStreams();
        const streams = await cp.waitForStreams(2);
        assert.deepEqual(
          streams.slice(0, 2).map((stream) => stream.authorization),
          [expected, expected],
        );
      } finally {
        agent.stop();
        cp.stop();
      }
    });
  }
});
