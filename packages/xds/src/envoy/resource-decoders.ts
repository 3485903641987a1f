import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { TcpProxy } from '../generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';

/**
 * Decoders of the resources an xDS client receives (the `value` of each `Any` in a response), for
 * data planes written in TypeScript (the demo's gRPC ingress) and tests. Throw on malformed bytes.
 */
export function decodeCluster(bytes: Uint8Array): Cluster {
  return Cluster.decode(bytes);
}

export function decodeLoadAssignment(bytes: Uint8Array): ClusterLoadAssignment {
  return ClusterLoadAssignment.decode(bytes);
}

export function decodeListener(bytes: Uint8Array): Listener {
  return Listener.decode(bytes);
}

/** An SDS Secret (a proxy's identity certificate and key, or the mesh CA), as kumiko-dp's proxyless agent receives it. */
export function decodeSecret(bytes: Uint8Array): Secret {
  return Secret.decode(bytes);
}

/** The `typed_config` of a listener's `envoy.filters.network.tcp_proxy` filter. */
export function decodeTcpProxy(bytes: Uint8Array): TcpProxy {
  return TcpProxy.decode(bytes);
}

export type { Cluster, ClusterLoadAssignment, Listener, Secret, TcpProxy };
