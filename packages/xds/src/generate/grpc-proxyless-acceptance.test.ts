/**
 * The proxyless resources run through the validators of a real xDS client — @grpc/grpc-js-xds
 * 1.14.1, the same code that decides ACK or NACK on a gRPC channel — instead of our own idea of
 * what gRPC accepts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { register } from '@grpc/grpc-js-xds';
import type { BootstrapInfo, XdsServerConfig } from '@grpc/grpc-js-xds/build/src/xds-bootstrap.js';
import { ClusterResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/cluster-resource-type.js';
import { EndpointResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/endpoint-resource-type.js';
import { ListenerResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/listener-resource-type.js';
import { RouteConfigurationResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/route-config-resource-type.js';
import type { XdsDecodeContext, XdsResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/xds-resource-type.js';
import { buildProxylessSnapshot } from './grpc-proxyless-generator.js';
import { PROXYLESS_IDENTITY_PROVIDER } from './proxyless-mesh-tls.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { type MeshOptions, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { TypeUrls, type TypeUrl } from '../snapshot/xds-snapshot.js';

const server: XdsServerConfig = { server_uri: '127.0.0.1:5678', channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] };
const bootstrap: BootstrapInfo = {
  xdsServers: [server],
  node: { id: 'default.client', locality: {} },
  authorities: {},
  clientDefaultListenerResourceNameTemplate: '%s',
  serverListenerResourceNameTemplate: null,
  // what kumiko-dp writes for a proxyless app: the mesh identity's file_watcher provider
  certificateProviders: {
    [PROXYLESS_IDENTITY_PROVIDER]: {
      pluginName: 'file_watcher',
      config: { certificateFile: '/c.crt', privateKeyFile: '/c.key', caCertificateFile: '/ca.crt', refreshIntervalMs: 1000 },
    },
  },
};
const context: XdsDecodeContext = { server, bootstrap };

const resourceTypes: readonly [TypeUrl, XdsResourceType][] = [
  [TypeUrls.Listener, ListenerResourceType.get()],
  [TypeUrls.RouteConfiguration, RouteConfigurationResourceType.get()],
  [TypeUrls.Cluster, ClusterResourceType.get()],
  [TypeUrls.ClusterLoadAssignment, EndpointResourceType.get()],
];

describe('proxyless resources as grpc-js-xds 1.14.1 decodes them', () => {
  // what every gRPC application does before using xds:/// targets: registers the HTTP filters
  // (router among them), resolvers and load balancing policies the validators look up
  before(() => register());

  const cases: { name: string; options: MeshOptions }[] = [
    { name: 'mTLS off', options: {} },
    { name: 'mTLS, two remote zones', options: { mtls: true } },
    { name: 'locality-aware', options: { mtls: true, localityAware: true } },
    { name: 'through the zone egress', options: { mtls: true, zoneEgress: true, localityAware: true } },
  ];
  for (const { name, options } of cases) {
    it(`${name}: every resource decodes without a validation error`, () => {
      // given the snapshot for a client that asked for backend, redis and payments under each name form
      const names = ['backend', 'backend.mesh:8080', 'redis.mesh', 'payments:80'];
      const snapshot = buildProxylessSnapshot(createGeneratorContext(twoZoneView(options)), 'default', names, { meshIdentity: true });

      // when grpc-js-xds decodes each resource as it would from a DiscoveryResponse
      const decoded: string[] = [];
      for (const [typeUrl, type] of resourceTypes) {
        for (const [resourceName, resource] of snapshot.resources.get(typeUrl) ?? []) {
          const result = type.decode(context, { type_url: typeUrl, value: Buffer.from(resource.encoded) });
          // then it is valid, under the name we gave it
          assert.equal(result.error, undefined, `${resourceName}: ${result.error ?? ''}`);
          assert.equal(result.name, resourceName);
          decoded.push(resourceName);
        }
      }
      // and nothing was skipped: 4 listeners, and a route, cluster and load assignment per service
      assert.equal(decoded.length, 13);
    });
  }
});
