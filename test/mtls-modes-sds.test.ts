/**
 * Mesh mTLS modes for Envoy sidecars, at the protocol level (no Envoy binary here), on a real zone CP over real NATS:
 * the mesh goes off → PERMISSIVE → STRICT → off through the GLOBAL stream while two Dataplanes hold ADS streams as
 * Envoy would. In every mode the SDS Secrets a node is served are exactly those its clusters and listeners reference
 * (and each has the right kind); in PERMISSIVE a client keeps plaintext towards a service until every Dataplane of it
 * holds a certificate, which the zone's ServiceInsight shows as `issuedBackends`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeMesh, secretData, type Mesh } from '@kumiko/api';
import { encodeGlobalViewEntry, globalSubject, SubjectKinds, type GlobalViewEntry } from '@kumiko/events';
import { createBuiltinCa } from '@kumiko/pki';
import { OPEN_PLAINTEXT_DP_SERVER, waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import {
  ClusterCodec,
  DownstreamTlsContext,
  ListenerCodec,
  Secret,
  UpstreamTlsContext,
  XdsTestClient,
  type SotwTestStream,
} from '@kumiko/xds/test-support';
import { call, startStandaloneZone, type StandaloneZone } from './zone-cp-fixtures.js';

const MESH = 'modes';
const IDENTITY = `identity_cert:secret:${MESH}`;
const CA = `mesh_ca:secret:${MESH}`;

function meshIn(mode: 'off' | 'PERMISSIVE' | 'STRICT'): Mesh {
  const decoded = decodeMesh({
    type: 'Mesh',
    name: MESH,
    ...(mode === 'off' ? {} : { mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin', mode }] } }),
  });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.value;
}

function dataplane(name: string, service: string, port: number, outbound?: string): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh: MESH,
    name,
    networking: {
      address: '127.0.0.1',
      inbound: [{ port, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'http' } }],
      ...(outbound === undefined ? {} : { outbound: [{ port: 20001, tags: { 'kuma.io/service': outbound } }] }),
    },
  };
}

interface TlsRefs {
  readonly names: readonly string[];
  readonly alpn?: readonly string[];
}

/** The SDS names a TLS context's common part references. */
function sdsNames(common: UpstreamTlsContext['common_tls_context']): string[] {
  const names = (common?.tls_certificate_sds_secret_configs ?? []).map((config) => config.name ?? '');
  const validation = common?.validation_context_type;
  if (validation?.$case === 'combined_validation_context')
    names.push(validation.combined_validation_context.validation_context_sds_secret_config?.name ?? '');
  if (validation?.$case === 'validation_context_sds_secret_config') names.push(validation.validation_context_sds_secret_config.name ?? '');
  return names;
}

/** A node's ADS stream as Envoy holds it: wildcard clusters and listeners, its two Secrets by name, everything ACKed. */
class EnvoyNode {
  private readonly stream: SotwTestStream;
  private readonly latest = new Map<string, { resources?: { value?: Uint8Array }[] }>();
  /** Secret name → kind. SotW states every Cluster and Listener in each response, but only the Secrets that changed. */
  private readonly served = new Map<string, string | undefined>();
  private closed = false;
  private readonly done: Promise<void>;

  constructor(client: XdsTestClient, nodeId: string) {
    this.stream = client.sotw(nodeId);
    this.stream.request(TypeUrls.Cluster, []);
    this.stream.request(TypeUrls.Listener, []);
    this.stream.request(TypeUrls.Secret, [IDENTITY, CA]);
    this.done = this.follow();
  }

  /** Cluster name → the SDS names (and ALPN) of its TLS context; none for a plaintext cluster. */
  clusters(): Map<string, TlsRefs | undefined> {
    return new Map(
      (this.latest.get(TypeUrls.Cluster)?.resources ?? []).map((any) => {
        const cluster = ClusterCodec.decode(any.value ?? new Uint8Array());
        const socket = cluster.transport_socket?.config_type;
        if (socket?.$case !== 'typed_config') return [cluster.name ?? '', undefined];
        const tls = UpstreamTlsContext.decode(socket.typed_config.value ?? new Uint8Array());
        return [cluster.name ?? '', { names: sdsNames(tls.common_tls_context), alpn: tls.common_tls_context?.alpn_protocols ?? [] }];
      }),
    );
  }

  /** Listener name → per filter chain, the SDS names of its TLS context (`[]` for a chain without one). */
  listeners(): Map<string, string[][]> {
    return new Map(
      (this.latest.get(TypeUrls.Listener)?.resources ?? []).map((any) => {
        const listener = ListenerCodec.decode(any.value ?? new Uint8Array());
        const chains = (listener.filter_chains ?? []).map((chain) => {
          const socket = chain.transport_socket?.config_type;
          if (socket?.$case !== 'typed_config') return [];
          return sdsNames(DownstreamTlsContext.decode(socket.typed_config.value ?? new Uint8Array()).common_tls_context);
        });
        return [listener.name ?? '', chains];
      }),
    );
  }

  /** Secret name → its kind, as last served. */
  secrets(): ReadonlyMap<string, string | undefined> {
    return this.served;
  }

  /** Every SDS name the node's clusters and listeners reference. */
  references(): Set<string> {
    const out = new Set<string>();
    for (const refs of this.clusters().values()) for (const name of refs?.names ?? []) out.add(name);
    for (const chains of this.listeners().values()) for (const chain of chains) for (const name of chain) out.add(name);
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stream.cancel();
    await this.done;
  }

  private async follow(): Promise<void> {
    while (!this.closed) {
      const response = await this.stream.next(60_000).catch(() => undefined);
      if (this.stream.ended !== undefined) return;
      if (response === undefined) continue;
      this.latest.set(response.type_url ?? '', response);
      if (response.type_url === TypeUrls.Secret) {
        for (const any of response.resources ?? []) {
          const secret = Secret.decode(any.value ?? new Uint8Array());
          this.served.set(secret.name ?? '', secret.type?.$case);
        }
      }
      this.stream.ack(response, response.type_url === TypeUrls.Secret ? [IDENTITY, CA] : []);
    }
  }
}

/** Waits until every SDS name `node` references is served as a Secret of the right kind, and returns the names. */
async function consistentSds(node: EnvoyNode, what: string): Promise<string[]> {
  return waitFor(
    what,
    () => {
      const references = node.references();
      const secrets = node.secrets();
      for (const name of references) {
        const kind = secrets.get(name);
        if (kind !== (name === IDENTITY ? 'tls_certificate' : 'validation_context')) return undefined;
      }
      return [...references].sort();
    },
    { timeoutMs: 20_000 },
  );
}

describe('mesh mTLS modes for sidecars: SDS references, TLS readiness and ServiceInsight issuedBackends (protocol level)', () => {
  let zone: StandaloneZone;
  let client: XdsTestClient;
  const nodes: EnvoyNode[] = [];
  let web: EnvoyNode;
  let backend: EnvoyNode;
  let sequence = 0;

  async function publish(entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
    const full = { ...entry, outboxId: `modes-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
    await zone.nc.jetstream().publish(globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }), encodeGlobalViewEntry(full));
  }

  function connect(name: string): EnvoyNode {
    const node = new EnvoyNode(client, `${MESH}.${name}`);
    nodes.push(node);
    return node;
  }

  before(async () => {
    zone = await startStandaloneZone('zone-1', [], OPEN_PLAINTEXT_DP_SERVER); // mesh mTLS, not the DP server's
    const ca = await createBuiltinCa({ mesh: MESH });
    for (const [name, pem] of [
      [`${MESH}.ca-builtin-cert-ca-1`, ca.certPem],
      [`${MESH}.ca-builtin-key-ca-1`, ca.keyPem],
    ] as const) {
      await publish({
        kind: SubjectKinds.Secret,
        mesh: MESH,
        name,
        resource: { type: 'Secret', mesh: MESH, name, labels: {}, data: secretData(pem) },
      });
    }
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('off') });
    await waitFor('the mesh and its CA on the zone', () =>
      zone.zone.replica.get(SubjectKinds.Mesh, MESH) !== undefined &&
      zone.zone.replica.get(SubjectKinds.Secret, `${MESH}.ca-builtin-key-ca-1`, MESH) !== undefined
        ? true
        : undefined,
    );
    for (const [name, body] of [
      ['backend-1', dataplane('backend-1', 'backend', 8080)],
      ['backend-2', dataplane('backend-2', 'backend', 8082)],
      ['web-1', dataplane('web-1', 'web', 8081, 'backend')],
    ] as const) {
      const reply = await call(zone.api, 'PUT', `/meshes/${MESH}/dataplanes/${name}`, body);
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
    }
    client = new XdsTestClient(`127.0.0.1:${zone.zone.xdsPort() ?? 0}`);
    web = connect('web-1');
    backend = connect('backend-1');
  });

  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    client?.close();
    await zone?.stop();
  });

  it('given mTLS off, then nothing references SDS', async () => {
    await waitFor('web-1’s backend cluster', () => (web.clusters().has('backend') ? true : undefined));
    await waitFor('backend-1’s inbound listener', () => (backend.listeners().size > 0 ? true : undefined));
    assert.deepEqual([...web.references(), ...backend.references()], []);
  });

  it('given PERMISSIVE with one of two backend Dataplanes holding a certificate, then web keeps plaintext to backend until both do', async () => {
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('PERMISSIVE') });

    // backend-1 (connected) is issued a certificate; its inbound takes plaintext, app TLS, and mesh mTLS
    const inbound = await waitFor('backend-1’s PERMISSIVE inbound', () => {
      const chains = [...backend.listeners().values()][0];
      return chains?.length === 3 ? chains : undefined;
    });
    assert.deepEqual(inbound, [[], [], [IDENTITY, CA]]);
    assert.deepEqual(await consistentSds(backend, 'backend-1’s Secrets'), [IDENTITY, CA]);
    const insight = await waitFor('backend in the ServiceInsight with one certificate issued', async () => {
      const { body } = await call(zone.api, 'GET', `/meshes/${MESH}/service-insights/backend`);
      return (body['issuedBackends'] as Record<string, number> | undefined)?.['ca-1'] === 1 ? body : undefined;
    });
    assert.deepEqual(insight['dataplanes'], { total: 2, online: 1, offline: 1 });

    // backend-2 has none yet: web's cluster to backend stays plaintext, while its own inbound is PERMISSIVE already
    await waitFor('web-1’s PERMISSIVE inbound', () => ([...web.listeners().values()][0]?.length === 3 ? true : undefined));
    await consistentSds(web, 'web-1’s Secrets');
    assert.equal(web.clusters().get('backend'), undefined);

    // backend-2 connects and gets its certificate: backend is TLS ready, web's cluster turns to mesh mTLS
    const second = connect('backend-2');
    const refs = await waitFor('web-1’s backend cluster with mTLS', () => web.clusters().get('backend'), { timeoutMs: 20_000 });
    assert.deepEqual(refs, { names: [IDENTITY, CA], alpn: ['kuma'] });
    assert.deepEqual(await consistentSds(web, 'web-1’s Secrets after the flip'), [IDENTITY, CA]);
    await consistentSds(second, 'backend-2’s Secrets');
    const { body } = await call(zone.api, 'GET', `/meshes/${MESH}/service-insights/backend`);
    assert.deepEqual(body['issuedBackends'], { 'ca-1': 2 });
  });

  it('given STRICT, then every inbound has one mesh-mTLS chain, clusters carry mTLS, and every reference is served', async () => {
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('STRICT') });
    const inbound = await waitFor('backend-1’s STRICT inbound', () => {
      const chains = [...backend.listeners().values()][0];
      return chains?.length === 1 ? chains : undefined;
    });
    assert.deepEqual(inbound, [[IDENTITY, CA]]);
    for (const node of nodes) assert.deepEqual(await consistentSds(node, 'a node’s Secrets in STRICT'), [IDENTITY, CA]);
    assert.deepEqual(web.clusters().get('backend'), { names: [IDENTITY, CA], alpn: ['kuma'] });
  });

  it('given mTLS turned off, then the same streams get plaintext clusters and listeners that reference no SDS', async () => {
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('off') });
    await waitFor('no SDS references on any node', () => (nodes.every((node) => node.references().size === 0) ? true : undefined), {
      timeoutMs: 20_000,
    });
    assert.equal(web.clusters().get('backend'), undefined);
    assert.deepEqual([...backend.listeners().values()][0], [[]]);
  });
});
