import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { decodeDataplane, decodeZoneEgress, decodeZoneIngress, secretData, type Dataplane, type Secret } from '@kumiko/api';
import { generateTokenSigningKeyPem, issueDataplaneToken, issueKumaToken } from '@kumiko/pki';
import type { AdsStreamCredentials } from '@kumiko/xds';
import type { ProxyResource } from '../lifecycle/proxy-lifecycle.js';
import { DpServerAuthenticator, type DpServerAuthenticatorOptions } from './dp-server-authenticator.js';
import { replicaTokenKeys, type GlobalTokenKeys } from '../tokens/replica-token-keys.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const web: Dataplane = must(
  decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: 'web-1',
    labels: { 'kuma.io/workload': 'web' },
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: 'v1' } }] },
  }),
);
const gateway: Dataplane = must(
  decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: 'edge-1',
    networking: { address: '10.0.0.2', gateway: { tags: { 'kuma.io/service': 'edge' } } },
  }),
);
const ingress = must(decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1', networking: { address: '10.0.0.9', port: 10001 } }));
const egress = must(decodeZoneEgress({ type: 'ZoneEgress', name: 'ze-1', networking: { address: '10.0.0.8', port: 10002 } }));

function secret(mesh: string, name: string, text: string): Secret {
  return { type: 'Secret', mesh, name, data: secretData(text) } as Secret;
}

/** A stream as the ADS server shows it: node id, its metadata (resource and proxy type), and gRPC metadata values. */
function stream(nodeId: string, options: { resource?: ProxyResource; authorization?: readonly string[] } = {}): AdsStreamCredentials {
  const values = options.authorization ?? [];
  const metadata = { get: (key: string) => (key === 'authorization' ? [...values] : []) } as unknown as AdsStreamCredentials['metadata'];
  const proxyType = options.resource?.type === 'ZoneIngress' ? 'ingress' : options.resource?.type === 'ZoneEgress' ? 'egress' : 'dataplane';
  return {
    nodeId,
    kind: 'sotw',
    metadata,
    node: {
      id: nodeId,
      metadata: options.resource === undefined ? {} : { resource: options.resource, 'dataplane.proxyType': proxyType },
    },
  };
}

describe('DpServerAuthenticator', () => {
  let signingKeyPem: string;
  let zoneKeyPem: string;
  const secrets = new Map<string, Secret>();
  const stored = new Map<string, ProxyResource>();
  const userOwned = new Set<string>();
  const revokedZoneTokens = new Set<string>();
  const zoneKeys: GlobalTokenKeys = {
    missingKeyMessage: (kid) => `no key ${kid}`,
    signingKey: (kid) => Promise.resolve(kid === '1' ? createPublicKey(zoneKeyPem) : undefined),
    revoked: () => Promise.resolve(revokedZoneTokens),
  };

  function authenticator(overrides: Partial<DpServerAuthenticatorOptions> = {}): DpServerAuthenticator {
    return new DpServerAuthenticator({
      zone: 'zone-1',
      dpProxyType: 'dpToken',
      zoneProxyType: 'zoneToken',
      readResource: (node) => node.metadata?.['resource'] as ProxyResource | undefined,
      findProxy: (proxyType, mesh, name) => stored.get(`${proxyType}/${mesh}/${name}`),
      registeredByLifecycle: (resource) => !userOwned.has(resource.name),
      meshSecrets: (mesh, name) => secrets.get(`${mesh}/${name}`),
      zoneTokenKeys: zoneKeys,
      ...overrides,
    });
  }
  const dpToken = (claims: { name?: string; mesh?: string; tags?: Record<string, string[]>; workload?: string }, serial = 1) =>
    issueDataplaneToken(
      { name: claims.name ?? '', mesh: claims.mesh ?? '', tags: claims.tags ?? {}, type: 'dataplane', workload: claims.workload ?? '' },
      { signingKeyPem, serial, validForSeconds: 3600 },
    );
  const zoneToken = (zone: string, scope: readonly string[]) =>
    issueKumaToken({ Zone: zone, Scope: scope }, { signingKeyPem: zoneKeyPem, serial: 1, validForSeconds: 3600 });

  before(async () => {
    [signingKeyPem, zoneKeyPem] = await Promise.all([generateTokenSigningKeyPem(), generateTokenSigningKeyPem()]);
    secrets.set('default/dataplane-token-signing-key-default-1', secret('default', 'dataplane-token-signing-key-default-1', signingKeyPem));
  });

  it('given a token bound to the Dataplane’s name, mesh, tags and workload, then its stream is admitted', async () => {
    const token = await dpToken({ name: 'web-1', mesh: 'default', tags: { 'kuma.io/service': ['web'] }, workload: 'web' });
    await authenticator().authenticate(stream('default.web-1', { resource: web, authorization: [token] }));
  });

  it('given a gateway, then its gateway tags are what the token’s tags are checked against', async () => {
    await authenticator().authenticate(
      stream('default.edge-1', { resource: gateway, authorization: [await dpToken({ tags: { 'kuma.io/service': ['edge'] } })] }),
    );
    await assert.rejects(
      authenticator().authenticate(
        stream('default.edge-1', { resource: gateway, authorization: [await dpToken({ tags: { 'kuma.io/service': ['web'] } })] }),
      ),
      {
        message:
          'dataplane contains tag "kuma.io/service" with value "edge" which is not allowed with this token. Allowed values in token are ["web"]',
      },
    );
  });

  it('given two authorization values, then Kuma’s message', async () => {
    const token = await dpToken({});
    await assert.rejects(authenticator().authenticate(stream('default.web-1', { resource: web, authorization: [token, token] })), {
      message: 'request must have exactly 1 "authorization" header, got 2',
    });
  });

  it('given no token, then a message naming what is missing and how to get it', async () => {
    await assert.rejects(
      authenticator().authenticate(stream('default.web-1', { resource: web })),
      /^DpAuthenticationError: the stream carries no dataplane token \(gRPC metadata "authorization"\); generate one with 'kumactl generate dataplane-token'/,
    );
  });

  it('given no resource in the metadata and none stored, then Kuma’s not-found message', async () => {
    await assert.rejects(authenticator().authenticate(stream('default.ghost', { authorization: [await dpToken({})] })), {
      message: 'resource "default.ghost" not found; create a Dataplane in Kuma CP first or pass it as an argument to kuma-dp',
    });
  });

  it('given a resource in the metadata that the node id does not name, then it is refused', async () => {
    await assert.rejects(
      authenticator().authenticate(stream('default.db-1', { resource: web, authorization: [await dpToken({ name: 'web-1' })] })),
      { message: 'node id "default.db-1" does not name the Dataplane in its metadata ("default.web-1")' },
    );
  });

  it('given a key the mesh does not hold, then Kuma’s missing-key message', async () => {
    await assert.rejects(authenticator().authenticate(stream('default.web-1', { resource: web, authorization: [await dpToken({}, 7)] })), {
      message:
        'there is no signing key with KID 7. Secret of name "dataplane-token-signing-key-default-7" in mesh "default" is not found. If signing key was rotated, regenerate the token',
    });
  });

  it('given a user’s stored version of the proxy that the connection would not replace, then the token must admit that one too', async () => {
    const dbVersion = must(
      decodeDataplane({
        type: 'Dataplane',
        mesh: 'default',
        name: 'web-1',
        networking: { address: '10.0.0.1', inbound: [{ port: 5432, tags: { 'kuma.io/service': 'db' } }] },
      }),
    );
    stored.set('dataplane/default/web-1', dbVersion);
    userOwned.add('web-1');
    try {
      const token = await dpToken({ tags: { 'kuma.io/service': ['web'] } });
      await assert.rejects(authenticator().authenticate(stream('default.web-1', { resource: web, authorization: [token] })), {
        message:
          'dataplane contains tag "kuma.io/service" with value "db" which is not allowed with this token. Allowed values in token are ["web"]',
      });
      // registered by a connection, the stored version is replaced by the connection's and is not checked
      userOwned.delete('web-1');
      await authenticator().authenticate(stream('default.web-1', { resource: web, authorization: [token] }));
    } finally {
      stored.delete('dataplane/default/web-1');
      userOwned.delete('web-1');
    }
  });

  it('given authentication none for dataplanes, then a Dataplane needs no token, while a zone proxy still does', async () => {
    const open = authenticator({ dpProxyType: 'none' });
    await open.authenticate(stream('default.web-1', { resource: web }));
    await assert.rejects(open.authenticate(stream('.zi-1', { resource: ingress })), /no zone token/);
  });

  describe('zone proxies', () => {
    it('given a zone token for both kinds and this zone, then an ingress and an egress are admitted', async () => {
      const token = await zoneToken('zone-1', ['ingress', 'egress']);
      await authenticator().authenticate(stream('.zi-1', { resource: ingress, authorization: [token] }));
      await authenticator().authenticate(stream('.ze-1', { resource: egress, authorization: [token] }));
    });

    it('given a token whose scope lacks the proxy’s kind, then Kuma’s scope message', async () => {
      const token = await zoneToken('zone-1', ['egress']);
      await assert.rejects(authenticator().authenticate(stream('.zi-1', { resource: ingress, authorization: [token] })), {
        message: "token cannot be used to authenticate zone entity (ingress is out of token's scope: [egress])",
      });
    });

    it('given a token of another zone, then Kuma’s zone message; an empty zone binds none', async () => {
      await assert.rejects(
        authenticator().authenticate(stream('.ze-1', { resource: egress, authorization: [await zoneToken('zone-2', ['egress'])] })),
        { message: 'zone from requestor: zone-1 is different than in token: zone-2' },
      );
      await authenticator().authenticate(stream('.ze-1', { resource: egress, authorization: [await zoneToken('', ['egress'])] }));
    });

    it('given a revoked zone token, a dataplane token, or a zone without the global’s key, then it is refused', async () => {
      const token = await zoneToken('zone-1', ['ingress']);
      const id = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).jti as string;
      revokedZoneTokens.add(id);
      try {
        await assert.rejects(authenticator().authenticate(stream('.zi-1', { resource: ingress, authorization: [token] })), {
          message: 'token is revoked',
        });
      } finally {
        revokedZoneTokens.delete(id);
      }
      await assert.rejects(
        authenticator().authenticate(stream('.zi-1', { resource: ingress, authorization: [await dpToken({ name: 'zi-1' })] })),
        /could not parse token: token signature is invalid/,
      );
      await assert.rejects(
        authenticator({ zoneTokenKeys: replicaTokenKeys({ get: () => undefined }, 'zone') }).authenticate(
          stream('.zi-1', { resource: ingress, authorization: [token] }),
        ),
        {
          message:
            'there is no signing key with KID 1. GlobalSecret of name "zone-token-signing-public-key-1" is not found. If signing key was rotated, regenerate the token',
        },
      );
    });

    it('given an egress and an ingress stored under one name, then an egress-only token does not admit the egress', async () => {
      stored.set(
        'ingress//ze-1',
        must(decodeZoneIngress({ type: 'ZoneIngress', name: 'ze-1', networking: { address: '10.0.0.7', port: 10003 } })),
      );
      try {
        await assert.rejects(
          authenticator().authenticate(stream('.ze-1', { resource: egress, authorization: [await zoneToken('zone-1', ['egress'])] })),
          { message: "token cannot be used to authenticate zone entity (ingress is out of token's scope: [egress])" },
        );
      } finally {
        stored.delete('ingress//ze-1');
      }
    });

    it('given a stored ingress and no resource in the metadata, then it is found by the node id and proxy type', async () => {
      stored.set('ingress//zi-1', ingress);
      try {
        const node = stream('.zi-1', { authorization: [await zoneToken('zone-1', ['ingress'])] });
        await authenticator().authenticate({ ...node, node: { id: '.zi-1', metadata: { 'dataplane.proxyType': 'ingress' } } });
      } finally {
        stored.delete('ingress//zi-1');
      }
    });
  });
});
