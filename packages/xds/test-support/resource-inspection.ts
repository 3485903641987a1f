/** Helpers that let tests look inside generated resources (packed filters included). Test-only. */
import assert from 'node:assert/strict';
import type { Cluster } from '../src/generated/envoy/config/cluster/v3/cluster.js';
import type { ClusterLoadAssignment } from '../src/generated/envoy/config/endpoint/v3/endpoint.js';
import type { Listener } from '../src/generated/envoy/config/listener/v3/listener.js';
import type { RouteConfiguration } from '../src/generated/envoy/config/route/v3/route.js';
import { HttpConnectionManager } from '../src/generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { TcpProxy } from '../src/generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import { UpstreamTlsContext } from '../src/generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import type { Any } from '../src/generated/google/protobuf/any.js';
import type { GeneratedResource } from '../src/snapshot/generated-resource.js';
import { TypeUrls } from '../src/snapshot/xds-snapshot.js';

export function names(resources: readonly GeneratedResource[], typeUrl: GeneratedResource['typeUrl']): string[] {
  return resources.filter((r) => r.typeUrl === typeUrl).map((r) => r.name);
}

export function listenerNamed(resources: readonly GeneratedResource[], name: string): Listener {
  const found = resources.find((r) => r.typeUrl === TypeUrls.Listener && r.name === name);
  assert.ok(found && found.typeUrl === TypeUrls.Listener, `no listener ${name} in ${names(resources, TypeUrls.Listener).join(', ')}`);
  return found.message;
}

export function clusterNamed(resources: readonly GeneratedResource[], name: string): Cluster {
  const found = resources.find((r) => r.typeUrl === TypeUrls.Cluster && r.name === name);
  assert.ok(found && found.typeUrl === TypeUrls.Cluster, `no cluster ${name} in ${names(resources, TypeUrls.Cluster).join(', ')}`);
  return found.message;
}

export function loadAssignmentNamed(resources: readonly GeneratedResource[], name: string): ClusterLoadAssignment {
  const found = resources.find((r) => r.typeUrl === TypeUrls.ClusterLoadAssignment && r.name === name);
  assert.ok(found && found.typeUrl === TypeUrls.ClusterLoadAssignment, `no load assignment ${name}`);
  return found.message;
}

export function routeNamed(resources: readonly GeneratedResource[], name: string): RouteConfiguration {
  const found = resources.find((r) => r.typeUrl === TypeUrls.RouteConfiguration && r.name === name);
  assert.ok(found && found.typeUrl === TypeUrls.RouteConfiguration, `no route ${name}`);
  return found.message;
}

function typedConfig(listener: Listener, chain: number): Any {
  const config = listener.filter_chains?.[chain]?.filters?.[0]?.config_type;
  assert.equal(config?.$case, 'typed_config');
  return config.typed_config;
}

/** The `tcp_proxy` of a listener's filter chain (asserting that is what it is). */
export function tcpProxyOf(listener: Listener, chain = 0): TcpProxy {
  const any = typedConfig(listener, chain);
  assert.equal(any.type_url, `type.googleapis.com/${TcpProxy.$type}`);
  return TcpProxy.decode(any.value ?? new Uint8Array());
}

/** The HTTP connection manager of a filter chain, or of the `api_listener` when `chain` is "api". */
export function httpConnectionManagerOf(listener: Listener, chain: number | 'api' = 0): HttpConnectionManager {
  const any = chain === 'api' ? listener.api_listener?.api_listener : typedConfig(listener, chain);
  assert.equal(any?.type_url, `type.googleapis.com/${HttpConnectionManager.$type}`);
  return HttpConnectionManager.decode(any?.value ?? new Uint8Array());
}

/** The UpstreamTlsContext of a cluster, or `undefined` without a transport socket. */
export function upstreamTlsOf(cluster: Cluster): UpstreamTlsContext | undefined {
  const config = cluster.transport_socket?.config_type;
  if (!config) return undefined;
  assert.equal(config.typed_config.type_url, `type.googleapis.com/${UpstreamTlsContext.$type}`);
  return UpstreamTlsContext.decode(config.typed_config.value ?? new Uint8Array());
}

/** `address:port` of every endpoint of a load assignment, in order (`undefined` gives `[]`). */
export function endpointAddresses(cla: ClusterLoadAssignment | undefined): string[] {
  return (cla?.endpoints ?? []).flatMap((group) =>
    (group.lb_endpoints ?? []).map((lb) => {
      const address = lb.host_identifier?.$case === 'endpoint' ? lb.host_identifier.endpoint.address?.address : undefined;
      assert.equal(address?.$case, 'socket_address');
      const port = address.socket_address.port_specifier;
      return `${address.socket_address.address ?? ''}:${port?.$case === 'port_value' ? port.port_value : '?'}`;
    }),
  );
}

/** A listener's socket address as `address:port`. */
export function listenerAddress(listener: Listener): string {
  const address = listener.address?.address;
  assert.equal(address?.$case, 'socket_address');
  const port = address.socket_address.port_specifier;
  return `${address.socket_address.address ?? ''}:${port?.$case === 'port_value' ? port.port_value : '?'}`;
}
