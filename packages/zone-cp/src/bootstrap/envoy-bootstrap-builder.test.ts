import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { decodeDataplane, decodeZoneEgress, decodeZoneIngress, type Dataplane, type ZoneEgress, type ZoneIngress } from '@kumiko/api';
import { bootstrapRequestSchema } from './bootstrap-request.js';
import { buildEnvoyBootstrap, type EnvoyBootstrapParams } from './envoy-bootstrap-builder.js';

function decoded<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('invalid fixture');
  return result.value;
}

const dataplane: Dataplane = decoded(
  decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: 'web-1',
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
  }),
);
const ingress: ZoneIngress = decoded(
  decodeZoneIngress({
    type: 'ZoneIngress',
    name: 'zi-1',
    networking: { address: '10.0.0.9', port: 10001, advertisedAddress: '192.0.2.1', advertisedPort: 10001, admin: { port: 9902 } },
  }),
);
const egress: ZoneEgress = decoded(
  decodeZoneEgress({ type: 'ZoneEgress', name: 'ze-1', networking: { address: '10.0.0.10', port: 10002 } }),
);

const params: EnvoyBootstrapParams = {
  xdsHost: 'cp.zone-1',
  xdsPort: 5678,
  xdsConnectTimeoutMs: 1000,
  adminAddress: '127.0.0.1',
  adminPort: 9901,
};
/** A JWT-shaped token; the builder copies it, it never reads it. */
const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEiLCJ0eXAiOiJKV1QifQ.eyJOYW1lIjoid2ViLTEifQ.c2lnbmF0dXJl';

const request = (extra: Record<string, unknown> = {}) =>
  bootstrapRequestSchema.parse({
    dnsPort: 15053,
    workdir: '/tmp/kumiko-dp',
    version: { kumaDp: { version: '2.13.10' }, envoy: { version: '1.36.0' } },
    ...extra,
  });

/** Compares with `testdata/<name>.golden.yaml`; `UPDATE_GOLDEN=1` rewrites the file instead. */
function assertGolden(name: string, config: Record<string, unknown>): void {
  const actual = stringify(config, { lineWidth: 0 });
  const file = join(import.meta.dirname, 'testdata', `${name}.golden.yaml`);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

type Built = {
  node: { id: string; cluster: string; metadata: Record<string, unknown> };
  dynamic_resources: { ads_config: { api_type: string } };
  static_resources: {
    clusters: {
      type: string;
      load_assignment: { endpoints: { lb_endpoints: { endpoint: { address: { socket_address: unknown } } }[] }[] };
    }[];
  };
};
const built = (
  resource: Dataplane | ZoneIngress | ZoneEgress,
  extra: Record<string, unknown> = {},
  overrides: Partial<EnvoyBootstrapParams> = {},
) => buildEnvoyBootstrap(resource, request(extra), { ...params, ...overrides }) as Built;

describe('buildEnvoyBootstrap', () => {
  // The Dataplane golden is the handler's testdata/dataplane.golden.yaml.
  const goldens: [string, Dataplane | ZoneIngress | ZoneEgress, Record<string, unknown>, Partial<EnvoyBootstrapParams>][] = [
    ['builder-ingress', ingress, { proxyType: 'ingress', name: 'zi-1' }, { adminPort: 9902 }],
    ['builder-egress', egress, { proxyType: 'egress', name: 'ze-1' }, {}],
    ['builder-delta-grpc', dataplane, { features: ['feature-delta-grpc'] }, { xdsHost: '192.0.2.10' }],
    ['builder-token', dataplane, { dataplaneToken: TOKEN, dataplaneTokenPath: '/run/kuma/token' }, {}],
  ];
  for (const [name, resource, extra, overrides] of goldens) {
    it(`given a ${resource.type} (${name}), when built, then it matches testdata/${name}.golden.yaml`, () => {
      assertGolden(name, buildEnvoyBootstrap(resource, request(extra), { ...params, ...overrides }));
    });
  }

  it('given the same inputs twice, when built, then the same YAML (deterministic)', () => {
    assert.equal(
      stringify(buildEnvoyBootstrap(dataplane, request(), params)),
      stringify(buildEnvoyBootstrap(dataplane, request(), params)),
    );
  });

  const nodes: [string, Dataplane | ZoneIngress | ZoneEgress, string, string, string][] = [
    ['a Dataplane', dataplane, 'default.web-1', 'web', 'dataplane'],
    ['a ZoneIngress (no mesh: the xDS server finds it as ".<name>")', ingress, '.zi-1', 'zi-1', 'ingress'],
    ['a ZoneEgress', egress, '.ze-1', 'ze-1', 'egress'],
  ];
  for (const [what, resource, id, cluster, proxyType] of nodes) {
    it(`given ${what}, when built, then node ${id}, cluster ${cluster}, proxy type ${proxyType}`, () => {
      const { node } = built(resource);
      assert.deepEqual([node.id, node.cluster, node.metadata['dataplane.proxyType']], [id, cluster, proxyType]);
    });
  }

  it('given a gateway Dataplane without inbounds, when built, then the cluster is the gateway’s service', () => {
    const gateway = decoded(
      decodeDataplane({
        type: 'Dataplane',
        mesh: 'default',
        name: 'gw-1',
        networking: { address: '10.0.0.2', gateway: { tags: { 'kuma.io/service': 'edge' } } },
      }),
    );
    assert.equal(built(gateway).node.cluster, 'edge');
  });

  it('given the request, when built, then the node metadata carries the ports as strings, the resource as JSON and the request’s version, features, workdir', () => {
    const { metadata } = built(dataplane, { features: ['feature-delta-grpc'], dynamicMetadata: { team: 'a' } }).node;
    assert.equal(metadata['dataplane.admin.port'], '9901');
    assert.equal(metadata['dataplane.admin.address'], '127.0.0.1');
    assert.equal(metadata['dataplane.dns.port'], '15053');
    assert.deepEqual(JSON.parse(metadata['dataplane.resource'] as string), dataplane);
    assert.deepEqual(metadata['features'], ['feature-delta-grpc']);
    assert.deepEqual(metadata['dynamicMetadata'], { team: 'a' });
    assert.equal(metadata['workdir'], '/tmp/kumiko-dp');
    assert.equal((metadata['version'] as { envoy: { version: string } }).envoy.version, '1.36.0');
  });

  const hosts: [string, string][] = [
    ['cp.zone-1', 'STRICT_DNS'],
    ['192.0.2.10', 'STATIC'],
    ['fd00::1', 'STATIC'],
  ];
  for (const [xdsHost, type] of hosts) {
    it(`given xDS host ${xdsHost}, when built, then ads_cluster is ${type} with that address`, () => {
      const [cluster] = built(dataplane, {}, { xdsHost }).static_resources.clusters;
      assert.equal(cluster?.type, type);
      assert.deepEqual(cluster?.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address, {
        address: xdsHost,
        port_value: 5678,
      });
    });
  }

  it('given feature-delta-grpc, when built, then ADS is DELTA_GRPC; without it, GRPC', () => {
    assert.equal(built(dataplane, { features: ['feature-delta-grpc'] }).dynamic_resources.ads_config.api_type, 'DELTA_GRPC');
    assert.equal(built(dataplane).dynamic_resources.ads_config.api_type, 'GRPC');
  });

  it('given a CA for ADS, when built, then ads_cluster dials TLS ≥ 1.2 with SNI xdsHost, validated by cp_validation_ctx; without one, plaintext', () => {
    const tls = buildEnvoyBootstrap(dataplane, request(), { ...params, xdsCaPem: 'CA PEM' }) as {
      static_resources: { clusters: Record<string, unknown>[]; secrets: unknown[] };
    };
    assert.deepEqual(tls.static_resources.clusters[0]?.['transport_socket'], {
      name: 'envoy.transport_sockets.tls',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        sni: 'cp.zone-1',
        common_tls_context: {
          tls_params: { tls_minimum_protocol_version: 'TLSv1_2' },
          validation_context_sds_secret_config: { name: 'cp_validation_ctx' },
        },
      },
    });
    assert.deepEqual(tls.static_resources.secrets, [
      {
        name: 'cp_validation_ctx',
        validation_context: {
          match_typed_subject_alt_names: [
            { san_type: 'DNS', matcher: { exact: 'cp.zone-1' } },
            { san_type: 'IP_ADDRESS', matcher: { exact: 'cp.zone-1' } },
          ],
          trusted_ca: { inline_bytes: Buffer.from('CA PEM').toString('base64') },
        },
      },
    ]);
    const plain = buildEnvoyBootstrap(dataplane, request(), params) as {
      static_resources: Record<string, unknown> & { clusters: Record<string, unknown>[] };
    };
    assert.equal(plain.static_resources.clusters[0]?.['transport_socket'], undefined);
    assert.equal(plain.static_resources['secrets'], undefined);
  });

  const adsServices = (extra: Record<string, unknown>) =>
    (buildEnvoyBootstrap(dataplane, request(extra), params) as { dynamic_resources: { ads_config: { grpc_services: unknown[] } } })
      .dynamic_resources.ads_config.grpc_services;

  const tokens: [string, Record<string, unknown>, unknown[]][] = [
    [
      'a token (and its path)',
      { dataplaneToken: TOKEN, dataplaneTokenPath: '/t' },
      [{ envoy_grpc: { cluster_name: 'ads_cluster' }, initial_metadata: [{ key: 'authorization', value: TOKEN }] }],
    ],
    [
      'a token ending in a newline',
      { dataplaneToken: `${TOKEN}\n` },
      [{ envoy_grpc: { cluster_name: 'ads_cluster' }, initial_metadata: [{ key: 'authorization', value: TOKEN }] }],
    ],
    [
      'a token path only (Envoy would have to read the file; not supported)',
      { dataplaneTokenPath: '/t' },
      [{ envoy_grpc: { cluster_name: 'ads_cluster' } }],
    ],
    ['no token', {}, [{ envoy_grpc: { cluster_name: 'ads_cluster' } }]],
  ];
  for (const [what, extra, expected] of tokens) {
    it(`given ${what}, when built, then the ADS gRPC service is ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(adsServices(extra), expected);
    });
  }
});
