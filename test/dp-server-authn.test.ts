/**
 * The zone CP's DP server authentication on real NATS, over real gRPC streams with metadata: with
 * `KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE=dpToken` an ADS stream is served only with a dataplane token, signed by a key
 * of the Dataplane's mesh (replicated from the global as a mesh Secret), unexpired, unrevoked, and admitting the
 * Dataplane; otherwise it ends UNAUTHENTICATED with Kuma's reason. `/bootstrap` refuses a request without a token. A
 * Dataplane registered over REST is not taken over by a connection bringing another version of it. `none` admits all.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { secretData, type Dataplane } from '@kumiko/api';
import { encodeGlobalViewEntry, globalSubject, SubjectKinds, type GlobalViewEntry } from '@kumiko/events';
import { generateTokenSigningKeyPem, issueDataplaneToken } from '@kumiko/pki';
import { OPEN_PLAINTEXT_DP_SERVER, waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import { XdsTestClient, type SotwTestStream, type StreamHeaders } from '@kumiko/xds/test-support';
import type { ZoneControlPlane } from '@kumiko/zone-cp';
import { call, startStandaloneZone, startZoneInProcess, type StandaloneZone } from './zone-cp-fixtures.js';

const DEREGISTRATION_MS = 300;

function dataplane(name: string, options: { mesh?: string; address?: string; service?: string } = {}) {
  return {
    type: 'Dataplane',
    mesh: options.mesh ?? 'default',
    name,
    networking: {
      address: options.address ?? '127.0.0.1',
      inbound: [{ port: 8080, tags: { 'kuma.io/service': options.service ?? 'web' } }],
    },
  };
}

/** The node kumiko-dp's Envoy opens ADS with: the id and the bootstrap's metadata naming its resource. */
function nodeOf(resource: ReturnType<typeof dataplane>) {
  return {
    id: `${resource.mesh}.${resource.name}`,
    metadata: { 'dataplane.resource': JSON.stringify(resource), 'dataplane.proxyType': 'dataplane' },
  };
}

describe('zone CP DP server authentication (dpToken)', () => {
  let zone: StandaloneZone;
  let open: ZoneControlPlane | undefined;
  let client: XdsTestClient;
  let keyPem: string;
  let otherKeyPem: string;
  let sequence = 0;

  async function publish(entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
    const full = { ...entry, outboxId: `authn-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
    await zone.nc.jetstream().publish(globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }), encodeGlobalViewEntry(full));
  }
  async function publishSecret(mesh: string, name: string, text: string): Promise<void> {
    await publish({ kind: SubjectKinds.Secret, mesh, name, resource: { type: 'Secret', mesh, name, labels: {}, data: secretData(text) } });
    await waitFor(`Secret ${name} on the zone`, () => {
      const stored = zone.zone.replica.get(SubjectKinds.Secret, name, mesh);
      return stored?.type === 'Secret' && stored.data === secretData(text) ? true : undefined;
    });
  }
  function token(
    claims: { name?: string; mesh?: string; service?: readonly string[] },
    options: { pem?: string; now?: number } = {},
  ): Promise<string> {
    return issueDataplaneToken(
      {
        name: claims.name ?? '',
        mesh: claims.mesh ?? '',
        tags: claims.service === undefined ? {} : { 'kuma.io/service': claims.service },
        type: 'dataplane',
        workload: '',
      },
      {
        signingKeyPem: options.pem ?? keyPem,
        serial: 1,
        validForSeconds: 3600,
        ...(options.now === undefined ? {} : { now: options.now }),
      },
    );
  }
  /** Opens a SotW stream for `resource` with `headers`, asking for clusters. */
  function connect(resource: ReturnType<typeof dataplane>, headers: StreamHeaders, on: XdsTestClient = client): SotwTestStream {
    const node = nodeOf(resource);
    const stream = on.sotw(node.id, headers);
    stream.send({ type_url: TypeUrls.Cluster, resource_names: [], version_info: '', response_nonce: '', node });
    return stream;
  }
  async function refusal(stream: SotwTestStream): Promise<{ code: number | undefined; details: string | undefined }> {
    await assert.rejects(stream.next(5_000), /stream ended/);
    return { code: stream.ended?.code, details: stream.ended?.details };
  }
  const storedDataplane = (name: string, mesh = 'default') =>
    zone.zone.store.get({ kind: SubjectKinds.Dataplane, mesh, name }) as Dataplane | undefined;

  before(async () => {
    zone = await startStandaloneZone('zone-1', ['default', 'other'], {
      KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'dpToken', // the default, said here because the test is about it
      KUMIKO_DP_SERVER_TLS_ENABLED: 'false', // its raw ADS clients dial plaintext; TLS: zone-dp-server-tls
      KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY: `${DEREGISTRATION_MS}ms`,
    });
    [keyPem, otherKeyPem] = await Promise.all([generateTokenSigningKeyPem(), generateTokenSigningKeyPem()]);
    await publishSecret('default', 'dataplane-token-signing-key-default-1', keyPem);
    await publishSecret('other', 'dataplane-token-signing-key-other-1', otherKeyPem);
    client = new XdsTestClient(`127.0.0.1:${zone.zone.xdsPort() ?? 0}`);
  });

  after(async () => {
    client?.close();
    await open?.stop();
    await zone?.stop();
  });

  it('given a valid token, then the stream is served and the Dataplane registered', async () => {
    const stream = connect(dataplane('dp-1'), { authorization: await token({ name: 'dp-1', mesh: 'default', service: ['web'] }) });
    const response = await stream.next(5_000);
    assert.equal(response.type_url, TypeUrls.Cluster);
    await waitFor('dp-1 registered', () => storedDataplane('dp-1'));
    stream.cancel();
  });

  it('given no token, then UNAUTHENTICATED naming the missing token, on SotW and delta, and nothing is registered', async () => {
    assert.deepEqual(await refusal(connect(dataplane('dp-9'), {})), {
      code: status.UNAUTHENTICATED,
      details:
        'authentication failed: the stream carries no dataplane token (gRPC metadata "authorization"); generate one with \'kumactl generate dataplane-token\' and pass it to kuma-dp with --dataplane-token-file',
    });
    const node = nodeOf(dataplane('dp-9'));
    const delta = client.delta(node.id);
    delta.send({ type_url: TypeUrls.Cluster, resource_names_subscribe: ['*'], node });
    await assert.rejects(delta.next(5_000), /stream ended/);
    assert.equal(delta.ended?.code, status.UNAUTHENTICATED);
    await sleep(100);
    assert.equal(storedDataplane('dp-9'), undefined);
  });

  it('given the token of dp-1 used by dp-2, then Kuma’s name message', async () => {
    const refused = await refusal(connect(dataplane('dp-2'), { authorization: await token({ name: 'dp-1', mesh: 'default' }) }));
    assert.deepEqual(refused, {
      code: status.UNAUTHENTICATED,
      details: 'authentication failed: proxy name from requestor: dp-2 is different than in token: dp-1',
    });
  });

  it('given a token of another mesh, then it is refused: by its mesh claim, or by a signature of that mesh’s key', async () => {
    const claimed = await refusal(connect(dataplane('dp-3'), { authorization: await token({ mesh: 'other' }) }));
    assert.equal(claimed.details, 'authentication failed: proxy mesh from requestor: default is different than in token: other');
    const signed = await refusal(connect(dataplane('dp-3'), { authorization: await token({ mesh: 'other' }, { pem: otherKeyPem }) }));
    assert.equal(
      signed.details,
      'authentication failed: could not parse token: token signature is invalid: crypto/rsa: verification error',
    );
  });

  it('given a token for other tags, then Kuma’s tag message', async () => {
    const refused = await refusal(connect(dataplane('dp-4', { service: 'db' }), { authorization: await token({ service: ['web'] }) }));
    assert.equal(
      refused.details,
      'authentication failed: dataplane contains tag "kuma.io/service" with value "db" which is not allowed with this token. Allowed values in token are ["web"]',
    );
  });

  it('given an expired token, then it is refused as expired', async () => {
    const expired = await token({ name: 'dp-5' }, { now: Math.floor(Date.now() / 1000) - 7200 });
    const refused = await refusal(connect(dataplane('dp-5'), { authorization: expired }));
    assert.equal(refused.details, 'authentication failed: could not parse token: token has invalid claims: token is expired');
  });

  it('given a token revoked in the mesh’s revocation Secret, then it is refused; other tokens still pass', async () => {
    const revoked = await token({ name: 'dp-7' });
    const jti = JSON.parse(Buffer.from(revoked.split('.')[1] ?? '', 'base64url').toString('utf8')).jti as string;
    await publishSecret('default', 'dataplane-token-revocations-default', `some-other-id,${jti}\n`);
    const refused = await refusal(connect(dataplane('dp-7'), { authorization: revoked }));
    assert.equal(refused.details, 'authentication failed: token is revoked');
    const fresh = connect(dataplane('dp-7'), { authorization: await token({ name: 'dp-7' }) });
    assert.equal((await fresh.next(5_000)).type_url, TypeUrls.Cluster);
    fresh.cancel();
  });

  it('given an authenticated stream, when a request names another node, then the stream ends with Kuma’s message', async () => {
    const stream = connect(dataplane('dp-8'), { authorization: await token({ name: 'dp-8' }) });
    const response = await stream.next(5_000);
    stream.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: response.version_info ?? '',
      response_nonce: response.nonce ?? '',
      node: { id: 'default.dp-1' },
    });
    await assert.rejects(stream.next(5_000), /stream ended/);
    assert.equal(
      stream.ended?.details,
      'stream was authenticated for ID default.dp-8. Received request is for node with ID default.dp-1. Node ID cannot be changed after stream is initialized',
    );
  });

  it('given a node id naming another Dataplane than its metadata, then it is refused', async () => {
    const { metadata } = nodeOf(dataplane('dp-8'));
    const stream = client.sotw('default.dp-1', { authorization: await token({ name: 'dp-8' }) });
    stream.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { id: 'default.dp-1', metadata },
    });
    assert.equal(
      (await refusal(stream)).details,
      'authentication failed: node id "default.dp-1" does not name the Dataplane in its metadata ("default.dp-8")',
    );
  });

  it('given a Dataplane registered over REST at address A, when a stream brings it at address B with a valid token and leaves, then A stays and it is not deleted', async () => {
    const put = await call(zone.api, 'PUT', '/meshes/default/dataplanes/rest-1', dataplane('rest-1', { address: '10.0.0.1' }));
    assert.equal(put.status, 201, JSON.stringify(put.body));
    await waitFor('rest-1 stored', () => storedDataplane('rest-1'));
    const stream = connect(dataplane('rest-1', { address: '10.0.0.2' }), {
      authorization: await token({ name: 'rest-1', service: ['web'] }),
    });
    assert.equal((await stream.next(5_000)).type_url, TypeUrls.Cluster);
    await sleep(200);
    assert.equal(storedDataplane('rest-1')?.networking?.address, '10.0.0.1');
    stream.cancel();
    await sleep(DEREGISTRATION_MS * 3);
    assert.equal(storedDataplane('rest-1')?.networking?.address, '10.0.0.1');
    const read = await call(zone.api, 'GET', '/meshes/default/dataplanes/rest-1');
    assert.equal(read.status, 200);
  });

  it('given a Dataplane the lifecycle registered, when its stream leaves, then it is deleted after the delay', async () => {
    await waitFor('dp-1 deregistered', () => (storedDataplane('dp-1') === undefined ? true : undefined), { timeoutMs: 5_000 });
  });

  it('given POST /bootstrap without a token, then 422 with Kuma’s message; with one, the bootstrap', async () => {
    const dp = `http://127.0.0.1:${zone.zone.xdsPort() ?? 0}`;
    const body = { mesh: 'default', name: 'dp-10', dataplaneResource: JSON.stringify(dataplane('dp-10')) };
    const refused = await fetch(`${dp}/bootstrap`, { method: 'POST', body: JSON.stringify(body), headers: { accept: 'application/json' } });
    assert.equal(refused.status, 422);
    assert.equal(
      await refused.text(),
      "Dataplane Token is required. Generate token using 'kumactl generate dataplane-token > /path/file' and provide it via --dataplane-token-file=/path/file argument to Kuma DP",
    );
    const served = await fetch(`${dp}/bootstrap`, {
      method: 'POST',
      body: JSON.stringify({ ...body, dataplaneTokenPath: '/run/dp-10.token' }),
      headers: { accept: 'application/json' },
    });
    assert.equal(served.status, 200);
  });

  it('given dataplane tokens on, then GET /dns serves a mesh’s table only to a valid token of that mesh', async () => {
    const dns = (mesh: string, authorization?: string) =>
      fetch(
        `http://127.0.0.1:${zone.zone.xdsPort() ?? 0}/dns?mesh=${mesh}`,
        authorization === undefined ? {} : { headers: { authorization } },
      );
    const missing = await dns('default');
    assert.equal(missing.status, 401);
    assert.match(await missing.text(), /^authentication failed: a dataplane token of mesh "default" is required/);
    assert.equal((await dns('default', await token({ name: 'dp-dns', mesh: 'default' }))).status, 200);
    const otherMesh = await dns('default', await token({ mesh: 'other' }, { pem: otherKeyPem }));
    assert.equal(otherMesh.status, 401);
    assert.match(await otherMesh.text(), /signature is invalid|is for mesh "other"/);
  });

  it('given a zone CP with authentication none, chosen explicitly, then a stream without a token is served', async () => {
    open = await startZoneInProcess('zone-open', zone.nats.url, OPEN_PLAINTEXT_DP_SERVER);
    const openClient = new XdsTestClient(`127.0.0.1:${open.xdsPort() ?? 0}`);
    try {
      const stream = connect(dataplane('dp-11'), {}, openClient);
      assert.equal((await stream.next(5_000)).type_url, TypeUrls.Cluster);
      stream.cancel();
    } finally {
      openClient.close();
    }
  });
});
