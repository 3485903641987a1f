import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ApiVersion, type ConfigSource } from '../generated/envoy/config/core/v3/config_source.js';
import { HealthStatus } from '../generated/envoy/config/core/v3/health_check.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { Router } from '../generated/envoy/extensions/filters/http/router/v3/router.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { DiscoveryResponse } from '../generated/envoy/service/discovery/v3/discovery.js';
import { type Any } from '../generated/google/protobuf/any.js';
import { Duration } from '../generated/google/protobuf/duration.js';
import { messageTypeRegistry } from '../generated/typeRegistry.js';

/** The subset of a ts-proto codec that packing needs. */
interface Codec<T> {
  readonly $type: string;
  encode(message: T): BinaryWriter;
}

/** Packs a message as the Any that xDS expects; the Buffer is a view of the encoded bytes. */
function pack<T>(codec: Codec<T>, message: T): Any {
  const bytes = codec.encode(message).finish();
  return {
    type_url: `type.googleapis.com/${codec.$type}`,
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

const ads: ConfigSource = {
  config_source_specifier: { $case: 'ads', ads: {} },
  resource_api_version: ApiVersion.V3,
};

const cluster: Cluster = {
  name: 'backend',
  cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
  eds_cluster_config: { eds_config: ads, service_name: 'backend' },
  connect_timeout: { seconds: 5, nanos: 0 },
  lb_policy: Cluster_LbPolicy.ROUND_ROBIN,
};

const loadAssignment: ClusterLoadAssignment = {
  cluster_name: 'backend',
  endpoints: [
    {
      locality: { region: 'eu-west', zone: 'eu-west-1a' },
      load_balancing_weight: 1,
      lb_endpoints: [8080, 8081].map((port) => ({
        host_identifier: {
          $case: 'endpoint' as const,
          endpoint: {
            address: {
              address: {
                $case: 'socket_address' as const,
                socket_address: {
                  address: '10.0.0.7',
                  port_specifier: { $case: 'port_value' as const, port_value: port },
                },
              },
            },
          },
        },
        health_status: HealthStatus.HEALTHY,
      })),
    },
  ],
};

describe('generated Envoy codecs', () => {
  const cases = [
    {
      name: 'CDS response with an Any-packed Cluster',
      typeUrl: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
      resource: pack(Cluster, cluster),
      unpack: (bytes: Uint8Array): unknown => Cluster.decode(bytes),
      expected: Cluster.fromPartial(cluster),
    },
    {
      name: 'EDS response with an Any-packed ClusterLoadAssignment',
      typeUrl: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
      resource: pack(ClusterLoadAssignment, loadAssignment),
      unpack: (bytes: Uint8Array): unknown => ClusterLoadAssignment.decode(bytes),
      expected: ClusterLoadAssignment.fromPartial(loadAssignment),
    },
  ];

  for (const { name, typeUrl, resource, unpack, expected } of cases) {
    it(`${name} round-trips through encode and decode`, () => {
      // given a SotW response holding one packed resource
      const response: DiscoveryResponse = {
        version_info: 'v1',
        type_url: typeUrl,
        resources: [resource],
        nonce: '1',
      };

      // when it is encoded and decoded again
      const wire = DiscoveryResponse.encode(response).finish();
      const decoded = DiscoveryResponse.decode(wire);

      // then the response, its type URLs and the unpacked resource are unchanged
      assert.deepEqual(decoded, DiscoveryResponse.fromPartial(response));
      assert.equal(decoded.type_url, typeUrl);
      assert.deepEqual(
        decoded.resources?.map((r) => r.type_url),
        [typeUrl],
      );
      const any = decoded.resources?.[0];
      assert.ok(any?.value);
      assert.deepEqual(unpack(any.value), expected);
      // and re-encoding the decoded message reproduces the bytes
      assert.deepEqual(DiscoveryResponse.encode(decoded).finish(), wire);
    });
  }

  it('finds the codec for a type URL in the type registry', () => {
    // given the type URLs of the packed resources
    const names = cases.map(({ typeUrl }) => typeUrl.slice(typeUrl.lastIndexOf('/') + 1));

    // then the registry resolves each to its generated codec
    assert.deepEqual(
      names.map((n) => messageTypeRegistry.get(n)),
      [Cluster, ClusterLoadAssignment],
    );
  });

  it('round-trips a Listener whose network filter packs an HttpConnectionManager', () => {
    // given an HCM using RDS over ADS with the router filter last, packed into a listener filter
    const hcm: HttpConnectionManager = {
      stat_prefix: 'inbound_http',
      route_specifier: { $case: 'rds', rds: { config_source: ads, route_config_name: 'inbound:backend' } },
      http_filters: [
        {
          name: 'envoy.filters.http.router',
          config_type: { $case: 'typed_config', typed_config: pack(Router, {}) },
        },
      ],
    };
    const listener: Listener = {
      name: 'inbound:10.0.0.7:8080',
      address: {
        address: {
          $case: 'socket_address',
          socket_address: { address: '0.0.0.0', port_specifier: { $case: 'port_value', port_value: 15006 } },
        },
      },
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              config_type: { $case: 'typed_config', typed_config: pack(HttpConnectionManager, hcm) },
            },
          ],
        },
      ],
    };

    // when the listener goes through the wire
    const decoded = Listener.decode(Listener.encode(listener).finish());

    // then the filter still carries the HCM under its type URL, and the HCM decodes unchanged
    assert.deepEqual(decoded, Listener.fromPartial(listener));
    const config = decoded.filter_chains?.[0]?.filters?.[0]?.config_type;
    assert.equal(config?.$case, 'typed_config');
    assert.equal(
      config.typed_config.type_url,
      'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    );
    const decodedHcm = HttpConnectionManager.decode(config.typed_config.value ?? new Uint8Array());
    assert.deepEqual(decodedHcm, HttpConnectionManager.fromPartial(hcm));
    const router = decodedHcm.http_filters?.at(-1)?.config_type;
    assert.equal(router?.$case, 'typed_config');
    assert.equal(router.typed_config.type_url, 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router');
  });

  it('writes Any in proto3 JSON with an @type key and reads it back', () => {
    // given a Listener with a packed HCM, as the static bootstrap for kumiko-dp would hold it
    const hcm: HttpConnectionManager = {
      stat_prefix: 'admin',
      route_specifier: { $case: 'rds', rds: { config_source: ads, route_config_name: 'admin' } },
    };
    const listener: Listener = {
      name: 'admin',
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              config_type: { $case: 'typed_config', typed_config: pack(HttpConnectionManager, hcm) },
            },
          ],
        },
      ],
    };

    // when it is converted to JSON
    const json = JSON.parse(JSON.stringify(Listener.toJSON(listener))) as {
      filterChains: { filters: { typedConfig: Record<string, unknown> }[] }[];
    };

    // then the Any is expanded the way Envoy reads JSON/YAML config,
    // and the JSON converts back to the same message
    assert.deepEqual(json.filterChains[0]?.filters[0]?.typedConfig, {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      statPrefix: 'admin',
      rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: 'admin' },
    });
    assert.deepEqual(Listener.fromJSON(json), Listener.fromPartial(listener));
  });

  it('refuses to decode a 64-bit value that a number cannot hold exactly', () => {
    // given a Duration whose seconds exceed Number.MAX_SAFE_INTEGER (forceLong=number)
    const wire = new BinaryWriter().uint32(8).int64('9007199254740993').finish();

    // then decoding throws instead of silently rounding
    assert.throws(() => Duration.decode(wire), /MAX_SAFE_INTEGER/);
  });
});
