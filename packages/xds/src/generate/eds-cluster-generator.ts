import { Protocols } from '@kumiko/api';
import { type Cluster, Cluster_DiscoveryType } from '../generated/envoy/config/cluster/v3/cluster.js';
import { type GeneratedResource, clusterResource, loadAssignmentResource } from '../snapshot/generated-resource.js';
import { explicitOutbounds, vipGroupKey, vipServices } from './dataplane-outbounds.js';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, adsConfigSource, seconds } from '../envoy/envoy-config-blocks.js';
import { buildLoadAssignment } from './load-assignment-builder.js';
import { serviceEndpoints, serviceEndpointsFingerprint, serviceProtocol } from './mesh-view-index.js';
import { upstreamMeshTls, upstreamTlsReady } from './mesh-tls.js';
import type { ResourceGenerator } from './resource-generator.js';
import type { GeneratorContext } from './shared-resource-cache.js';

/**
 * For a sidecar or delegated gateway: one EDS Cluster and one ClusterLoadAssignment per service it
 * has an outbound to (explicit or VIP), both named after the service (a service reached both ways
 * appears twice as the same objects, which the snapshot builder folds). With mesh mTLS the cluster
 * carries the client side of it (SNI `<service>{mesh=<mesh>}`): always in STRICT, in PERMISSIVE once the service is
 * TLS ready (see {@link upstreamTlsReady}). Both resources are shared by every
 * proxy of the mesh: see {@link serviceCluster} and {@link serviceLoadAssignment}.
 */
export const edsClusterGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'Dataplane') return [];
  const { dataplane, mesh } = proxy;
  const explicit = [...new Set(explicitOutbounds(dataplane).map((o) => o.service))];
  const group = vipGroupKey(dataplane);
  const vip =
    group === undefined
      ? []
      : ctx.memo(`edsClusterGenerator:vip:${mesh}:${group}`, () => serviceResources(ctx, mesh, vipServices(ctx, dataplane)));
  return explicit.length === 0 ? vip : [...serviceResources(ctx, mesh, explicit), ...vip];
};

function serviceResources(ctx: GeneratorContext, mesh: string, services: readonly string[]): GeneratedResource[] {
  return services.flatMap((service) => [serviceCluster(ctx, mesh, service), serviceLoadAssignment(ctx, mesh, service)]);
}

/** The EDS cluster of `service` as every consumer in `mesh` sees it; built once per change. */
export function serviceCluster(ctx: GeneratorContext, mesh: string, service: string): GeneratedResource {
  const mtls = upstreamTlsReady(ctx.view, mesh, service);
  const protocol = serviceProtocol(ctx, mesh, service);
  return ctx.shared(`serviceCluster:${mesh}:${service}`, `${mtls}|${protocol}`, () => {
    const cluster: Cluster & { name: string } = {
      name: service,
      cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
      eds_cluster_config: { eds_config: adsConfigSource() },
      connect_timeout: seconds(DEFAULT_CONNECT_TIMEOUT_SECONDS),
      http2_protocol_options: protocol === Protocols.http2 || protocol === Protocols.grpc ? {} : undefined,
      transport_socket: mtls ? upstreamMeshTls(mesh, service) : undefined,
    };
    return clusterResource(cluster);
  });
}

/** The load assignment of `service` as every consumer in `mesh` sees it; built once per change. */
export function serviceLoadAssignment(ctx: GeneratorContext, mesh: string, service: string): GeneratedResource {
  const fingerprint = serviceEndpointsFingerprint(ctx, 'consumer', mesh, service);
  return ctx.shared(`serviceLoadAssignment:${mesh}:${service}`, fingerprint, () =>
    loadAssignmentResource(buildLoadAssignment(service, serviceEndpoints(ctx, 'consumer', mesh, service))),
  );
}
