/**
 * A zone serving mesh identity over SDS, at the protocol level (no Envoy binary exists here): a mesh with a builtin
 * CA arrives from the global (GLOBAL stream, real NATS), a Dataplane connects over ADS as Envoy would, and gets
 * `identity_cert:secret:<mesh>` (its certificate, chaining to the mesh CA, with Kuma's SANs) and
 * `mesh_ca:secret:<mesh>`, the very names its clusters' TLS contexts reference. Its insight records the
 * certificate; turning mTLS off turns the clusters back to plaintext on the same stream.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeMesh, secretData, type Mesh } from '@kumiko/api';
import { encodeGlobalViewEntry, globalSubject, SubjectKinds, type GlobalViewEntry } from '@kumiko/events';
import { createBuiltinCa } from '@kumiko/pki';
import { OPEN_PLAINTEXT_DP_SERVER, waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import { ClusterCodec, Secret, UpstreamTlsContext, XdsTestClient, type SotwTestStream } from '@kumiko/xds/test-support';
import { call, startStandaloneZone, type StandaloneZone } from './zone-cp-fixtures.js';

const MESH = 'secure';
const IDENTITY = `identity_cert:secret:${MESH}`;
const CA = `mesh_ca:secret:${MESH}`;

function mesh(mtls: boolean): Mesh {
  const decoded = decodeMesh({
    type: 'Mesh',
    name: MESH,
    ...(mtls ? { mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } } : {}),
  });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.value;
}

let sequence = 0;
async function publish(zone: StandaloneZone, entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
  const full = { ...entry, outboxId: `test-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
  await zone.nc.jetstream().publish(globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }), encodeGlobalViewEntry(full));
}

function dataplane(name: string, service: string, port: number, outbound?: string): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh: MESH,
    name,
    networking: {
      address: '127.0.0.1',
      inbound: [{ port, tags: { 'kuma.io/service': service, version: 'v1' } }],
      ...(outbound === undefined ? {} : { outbound: [{ port: 20001, tags: { 'kuma.io/service': outbound } }] }),
    },
  };
}

/** The next response of `typeUrl` on the stream (others are ACKed and skipped). */
async function nextOf(stream: SotwTestStream, typeUrl: string, names: readonly string[]) {
  for (;;) {
    const response = await stream.next(15_000);
    stream.ack(response, response.type_url === typeUrl ? names : []);
    if (response.type_url === typeUrl) return response;
  }
}

function secretsIn(response: { resources?: { value?: Uint8Array }[] }): Map<string, Secret> {
  return new Map(
    (response.resources ?? []).map((any) => Secret.decode(any.value ?? new Uint8Array())).map((secret) => [secret.name ?? '', secret]),
  );
}

describe('zone mesh identity over SDS (protocol level)', () => {
  let zone: StandaloneZone;
  let caPem: string;
  let client: XdsTestClient;

  before(async () => {
    zone = await startStandaloneZone('zone-1', [], OPEN_PLAINTEXT_DP_SERVER); // mesh identity, not the DP server's
    const ca = await createBuiltinCa({ mesh: MESH });
    caPem = ca.certPem;
    await publish(zone, { kind: SubjectKinds.Mesh, name: MESH, resource: mesh(true) });
    for (const [name, text] of [
      [`${MESH}.ca-builtin-cert-ca-1`, ca.certPem],
      [`${MESH}.ca-builtin-key-ca-1`, ca.keyPem],
    ] as const) {
      await publish(zone, {
        kind: SubjectKinds.Secret,
        mesh: MESH,
        name,
        resource: { type: 'Secret', mesh: MESH, name, labels: {}, data: secretData(text) },
      });
    }
    await waitFor('the mesh and its CA on the zone', () =>
      zone.zone.replica.get(SubjectKinds.Mesh, MESH) !== undefined &&
      zone.zone.replica.get(SubjectKinds.Secret, `${MESH}.ca-builtin-key-ca-1`, MESH) !== undefined
        ? true
        : undefined,
    );
    for (const [name, body] of [
      ['backend-1', dataplane('backend-1', 'backend', 8080)],
      ['web-1', dataplane('web-1', 'web', 8081, 'backend')],
    ] as const) {
      const reply = await call(zone.api, 'PUT', `/meshes/${MESH}/dataplanes/${name}`, body);
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
    }
    client = new XdsTestClient(`127.0.0.1:${zone.zone.xdsPort() ?? 0}`);
  });

  after(async () => {
    client?.close();
    await zone?.stop();
  });

  it('given a Dataplane of an mTLS mesh, then it gets its identity and the mesh CA over SDS, as its clusters reference them', async () => {
    const stream = client.sotw(`${MESH}.web-1`);
    stream.send({ type_url: TypeUrls.Cluster, resource_names: [], version_info: '', response_nonce: '', node: { id: `${MESH}.web-1` } });
    stream.request(TypeUrls.Secret, [IDENTITY, CA]);
    const secrets = await waitFor(
      'both Secrets',
      async () => {
        const found = secretsIn(await nextOf(stream, TypeUrls.Secret, [IDENTITY, CA]));
        return found.size === 2 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );

    const identity = secrets.get(IDENTITY)?.type;
    assert.equal(identity?.$case, 'tls_certificate');
    const chain = identity?.$case === 'tls_certificate' ? identity.tls_certificate.certificate_chain?.specifier : undefined;
    const key = identity?.$case === 'tls_certificate' ? identity.tls_certificate.private_key?.specifier : undefined;
    assert.equal(chain?.$case, 'inline_bytes');
    assert.equal(key?.$case, 'inline_bytes');
    const cert = new X509Certificate(chain?.$case === 'inline_bytes' ? chain.inline_bytes : Buffer.alloc(0));
    const ca = new X509Certificate(caPem);
    assert.ok(cert.verify(ca.publicKey), 'issued by the mesh CA');
    assert.ok(cert.checkIssued(ca));
    assert.equal(
      cert.subjectAltName,
      'URI:spiffe://secure/web, URI:kuma://kuma.io/service/web, URI:kuma://kuma.io/zone/zone-1, URI:kuma://version/v1',
    );
    assert.ok(cert.checkPrivateKey(createPrivateKey(key?.$case === 'inline_bytes' ? key.inline_bytes : Buffer.alloc(0))));

    const validation = secrets.get(CA)?.type;
    assert.equal(validation?.$case, 'validation_context');
    const trusted = validation?.$case === 'validation_context' ? validation.validation_context.trusted_ca?.specifier : undefined;
    assert.equal(trusted?.$case === 'inline_bytes' ? trusted.inline_bytes.toString() : '', caPem);

    // the backend cluster's TLS context names exactly these Secrets
    const stream2 = client.sotw(`${MESH}.web-1`);
    stream2.send({ type_url: TypeUrls.Cluster, resource_names: [], version_info: '', response_nonce: '', node: { id: `${MESH}.web-1` } });
    const clusters = await nextOf(stream2, TypeUrls.Cluster, []);
    const backend = (clusters.resources ?? [])
      .map((any) => ClusterCodec.decode(any.value ?? new Uint8Array()))
      .find((c) => c.name === 'backend');
    assert.ok(backend, 'the backend cluster');
    const socket = backend.transport_socket?.config_type;
    const tls = UpstreamTlsContext.decode(
      socket?.$case === 'typed_config' ? (socket.typed_config.value ?? new Uint8Array()) : new Uint8Array(),
    );
    assert.deepEqual(
      tls.common_tls_context?.tls_certificate_sds_secret_configs?.map((config) => config.name),
      [IDENTITY],
    );
    const combined = tls.common_tls_context?.validation_context_type;
    assert.equal(
      combined?.$case === 'combined_validation_context'
        ? combined.combined_validation_context.validation_context_sds_secret_config?.name
        : '',
      CA,
    );
    stream2.cancel();

    // the insight records the certificate, as Kuma's zone does
    const mtls = await waitFor(
      'the certificate in the insight',
      async () => {
        const { body } = await call(zone.api, 'GET', `/meshes/${MESH}/dataplanes/web-1/_overview`);
        return (body['dataplaneInsight'] as { mTLS?: Record<string, unknown> } | undefined)?.mTLS;
      },
      { timeoutMs: 15_000 },
    );
    assert.equal(mtls['issuedBackend'], 'ca-1');
    assert.deepEqual(mtls['supportedBackends'], ['ca-1']);
    assert.equal(mtls['certificateRegenerations'], 1);
    assert.equal(Date.parse(String(mtls['certificateExpirationTime'])), Date.parse(cert.validTo));

    // mTLS off: on the same stream, clusters go back to plaintext (SotW leaves unreferenced Secrets alone)
    await publish(zone, { kind: SubjectKinds.Mesh, name: MESH, resource: mesh(false) });
    await waitFor(
      'plaintext clusters',
      async () => {
        const response = await nextOf(stream, TypeUrls.Cluster, []);
        const plain = (response.resources ?? [])
          .map((any) => ClusterCodec.decode(any.value ?? new Uint8Array()))
          .find((c) => c.name === 'backend');
        return plain !== undefined && plain.transport_socket === undefined ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );
    stream.cancel();
  });
});
