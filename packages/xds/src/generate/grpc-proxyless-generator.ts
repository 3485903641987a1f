import { isIP } from 'node:net';
import { MtlsModes } from '@kumiko/api';
import { type Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '../generated/envoy/config/cluster/v3/cluster.js';
import { HealthStatus } from '../generated/envoy/config/core/v3/health_check.js';
import type { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import type { LbEndpoint } from '../generated/envoy/config/endpoint/v3/endpoint_components.js';
import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import {
  type GeneratedResource,
  clusterResource,
  listenerResource,
  loadAssignmentResource,
  routeResource,
} from '../snapshot/generated-resource.js';
import { packAny } from '../envoy/any-packer.js';
import { meshMtlsMode, upstreamTlsReady } from './mesh-tls.js';
import { proxylessDownstreamMeshTls, proxylessUpstreamMeshTls } from './proxyless-mesh-tls.js';
import type { Endpoint } from './endpoint-map-builder.js';
import { adsConfigSource, socketAddress } from '../envoy/envoy-config-blocks.js';
import { httpConnectionManagerFilter, routerHttpFilter, singleClusterRouteConfig } from '../envoy/envoy-filters.js';
import { outboundRouteName } from '../envoy/envoy-names.js';
import { groupByLocality } from './load-assignment-builder.js';
import { endpointMapOf, serviceEndpoints, serviceEndpointsFingerprint } from './mesh-view-index.js';
import type { GeneratorContext } from './shared-resource-cache.js';
import { buildSnapshot } from '../snapshot/snapshot-builder.js';
import type { XdsSnapshot } from '../snapshot/xds-snapshot.js';

export interface ProxylessOptions {
  /**
   * The client holds the mesh identity: its bootstrap has the certificate-provider instance
   * `kumiko_mesh_identity` (kumiko-dp writes it, and says so in the node metadata). In an mTLS mesh its
   * clusters then carry mesh mTLS; a client without it gets plaintext clusters it can use (a TLS context naming a
   * provider its bootstrap lacks would make gRPC reject the cluster). Default false.
   */
  readonly meshIdentity?: boolean;
}

/** The DNS suffix of mesh services (`KUMA_DNS_SERVER_DOMAIN`). */
const MESH_DOMAIN = '.mesh';

/**
 * Reads a listener name a gRPC client asks for (`xds:///<name>`): `<service>`, `<service>.mesh`, or
 * either with `:<port>`. The port is accepted and ignored (a service has one cluster). Returns
 * `undefined` for an empty name, a bad port, or an `xdstp:` name (not supported).
 */
export function parseProxylessListenerName(name: string): { readonly host: string; readonly port?: number } | undefined {
  if (name === '' || name.startsWith('xdstp:')) return undefined;
  let host = name;
  let port: number | undefined;
  const colon = name.lastIndexOf(':');
  if (colon >= 0) {
    const text = name.slice(colon + 1);
    port = Number(text);
    if (!/^[0-9]+$/.test(text) || port < 1 || port > 65535) return undefined;
    host = name.slice(0, colon);
  }
  if (host.endsWith(MESH_DOMAIN)) host = host.slice(0, -MESH_DOMAIN.length);
  return host === '' ? undefined : port === undefined ? { host } : { host, port };
}

/**
 * The service of `mesh` a requested listener name means: `host` as a service name, or a service
 * whose name with `_` turned into `.` is `host` (Kuma's second DNS name). Services are those with
 * endpoints (local or remote) or a VIP.
 */
export function resolveProxylessService(ctx: GeneratorContext, mesh: string, name: string): string | undefined {
  const parsed = parseProxylessListenerName(name);
  if (!parsed) return undefined;
  const byHost = ctx.memo(`resolveProxylessService:${mesh}`, () => {
    const services = new Set([...endpointMapOf(ctx, mesh).keys(), ...(ctx.view.vips.get(mesh)?.keys() ?? [])]);
    const hosts = new Map<string, string>();
    for (const service of [...services].sort()) {
      if (!hosts.has(service.replaceAll('_', '.'))) hosts.set(service.replaceAll('_', '.'), service);
    }
    for (const service of services) hosts.set(service, service);
    return hosts;
  });
  return byHost.get(parsed.host);
}

/**
 * Entry point for proxyless gRPC clients (grpc-js-xds, C-core), which name every resource they want
 * and never subscribe with wildcards. For each requested listener name that resolves to a service of
 * `mesh` (see {@link resolveProxylessService}) it returns, in the shapes gRPC validates (reference
 * what gRPC's xDS client validates, gRFC A27/A28/A29):
 *
 * - Listener `<requested name>`: `api_listener` holding an HTTP connection manager with RDS over
 *   ADS (`route_config_name: outbound:<service>`) and the router filter, last;
 * - RouteConfiguration `outbound:<service>`: one virtual host `*`, prefix `""` → cluster `<service>`;
 * - Cluster `<service>`: EDS over ADS, `service_name: <service>`, ROUND_ROBIN; for a client that holds the mesh
 *   identity (see {@link ProxylessOptions}), the `UpstreamTlsContext` of {@link proxylessUpstreamMeshTls}
 *   (certificate-provider instances, gRFC A29) whenever a sidecar would send mTLS to the service: always in STRICT,
 *   in PERMISSIVE once the service is TLS ready (`upstreamTlsReady`);
 * - ClusterLoadAssignment `<service>`: the service's endpoints, IP literals only (gRPC rejects
 *   hostnames), each address once (weights of repeats added), every locality present with a
 *   `load_balancing_weight`, priorities renumbered to be contiguous from 0, endpoints HEALTHY.
 *
 * A name `<ip>:<port>` is an `XdsServer`'s listener (gRFC A36): see {@link proxylessServerListener}; it
 * terminates mesh mTLS only in STRICT (see there for why PERMISSIVE stays plaintext).
 *
 * Names that resolve to nothing produce nothing: the client then treats the listener as not (yet)
 * existing, and the ADS server should resend when a later view has it. Routes, clusters and load
 * assignments are shared between clients of a mesh.
 */
export function generateProxylessResources(
  ctx: GeneratorContext,
  mesh: string,
  listenerNames: Iterable<string>,
  options: ProxylessOptions = {},
): GeneratedResource[] {
  const out: GeneratedResource[] = [];
  const services = new Set<string>();
  const meshResource = ctx.view.meshes.get(mesh);
  const identity = options.meshIdentity === true;
  const strict = identity && meshResource !== undefined && meshMtlsMode(meshResource) === MtlsModes.STRICT;
  for (const name of new Set(listenerNames)) {
    const inbound = proxylessServerInbound(ctx, mesh, name);
    if (inbound !== undefined) {
      out.push(proxylessServerListener(name, inbound, strict));
      continue;
    }
    const service = resolveProxylessService(ctx, mesh, name);
    if (service === undefined) continue;
    services.add(service);
    out.push(ctx.shared(`proxylessListener:${mesh}:${name}`, service, () => proxylessListener(name, service)));
  }
  for (const service of [...services].sort()) {
    const mtls = identity && upstreamTlsReady(ctx.view, mesh, service);
    out.push(
      ctx.shared(`proxylessRoute:${mesh}:${service}`, '', () => proxylessRoute(service)),
      ctx.shared(`proxylessCluster:${mesh}:${service}`, mtls ? 'mtls' : '', () => proxylessCluster(service, mtls ? mesh : undefined)),
      ctx.shared(`proxylessLoadAssignment:${mesh}:${service}`, serviceEndpointsFingerprint(ctx, 'consumer', mesh, service), () =>
        loadAssignmentResource(proxylessLoadAssignment(service, serviceEndpoints(ctx, 'consumer', mesh, service))),
      ),
    );
  }
  return out;
}

/**
 * {@link generateProxylessResources} as a checked snapshot. The ADS server calls it with the union
 * of listener names the client has subscribed to, and filters each response to the names requested
 * for that type (gRPC requests clusters and load assignments by name, in dependency order).
 */
export function buildProxylessSnapshot(
  ctx: GeneratorContext,
  mesh: string,
  listenerNames: Iterable<string>,
  options: ProxylessOptions = {},
): XdsSnapshot {
  return buildSnapshot(generateProxylessResources(ctx, mesh, listenerNames, options));
}

/** What a proxyless server's listener serves: the inbound of a Dataplane of the mesh at that address and port. */
interface ProxylessInbound {
  readonly host: string;
  readonly port: number;
  readonly service: string;
}

/**
 * A server listener name (gRFC A36 with the bootstrap template `%s`): `<ip>:<port>`, where a Dataplane of `mesh` in
 * this zone has an inbound (its own address, else the Dataplane's) on that port. `undefined` for anything else.
 */
function proxylessServerInbound(ctx: GeneratorContext, mesh: string, name: string): ProxylessInbound | undefined {
  const colon = name.lastIndexOf(':');
  if (colon < 0) return undefined;
  const host = name.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(name.slice(colon + 1));
  if (isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  for (const dataplane of ctx.view.dataplanes) {
    if (dataplane.mesh !== mesh) continue;
    for (const inbound of dataplane.networking?.inbound ?? []) {
      const address = inbound.address || dataplane.networking?.address;
      if (inbound.port === port && address === host) return { host, port, service: inbound.tags['kuma.io/service'] ?? '' };
    }
  }
  return undefined;
}

/**
 * The listener an `XdsServer` asks for (gRFC A36): its address, one filter chain whose HTTP connection manager
 * routes everything to the server itself (`non_forwarding_action`), and, when the server holds the mesh identity in
 * a STRICT mesh, the {@link proxylessDownstreamMeshTls} that requires a mesh client certificate.
 *
 * PERMISSIVE stays plaintext: an Envoy inbound takes plaintext and mesh mTLS on one port by sniffing the first
 * bytes (`tls_inspector`, `transport_protocol` chains), but gRPC's filter-chain match (gRFC A36) ignores
 * `transport_protocol`, `application_protocols` and `server_names`, so one listener cannot offer both. Plaintext is
 * what keeps PERMISSIVE's promise (no client breaks); such a server must therefore not count as TLS ready, and
 * clients keep plaintext towards it until the mesh is STRICT.
 */
function proxylessServerListener(name: string, inbound: ProxylessInbound, mtls: boolean): GeneratedResource {
  const routes = {
    name: `inbound:${inbound.service}`,
    virtual_hosts: [
      {
        name: inbound.service,
        domains: ['*'],
        routes: [
          {
            match: { path_specifier: { $case: 'prefix' as const, prefix: '' } },
            action: { $case: 'non_forwarding_action' as const, non_forwarding_action: {} },
          },
        ],
      },
    ],
  };
  const listener: Listener & { name: string } = {
    name,
    address: socketAddress(inbound.host, inbound.port),
    filter_chains: [
      {
        // The stat prefix names the mode so that a flip between plaintext and mTLS changes the HTTP connection manager
        // too: grpc-js-xds 1.14.1 decides whether a new server Listener is "equivalent" to the one it serves by
        // comparing the filters first and the transport sockets last, and its transport-socket comparison is wrong
        // when exactly one side has none (it keeps serving the old mode, or throws). Differing filters settle it first.
        filters: [httpConnectionManagerFilter(`inbound_${mtls ? 'mtls_' : ''}${inbound.service}`, routes)],
        ...(mtls ? { transport_socket: proxylessDownstreamMeshTls() } : {}),
      },
    ],
  };
  return listenerResource(listener);
}

function proxylessListener(name: string, service: string): GeneratedResource {
  const hcm = packAny(HttpConnectionManager, {
    route_specifier: { $case: 'rds', rds: { config_source: adsConfigSource(), route_config_name: outboundRouteName(service) } },
    http_filters: [routerHttpFilter()],
  });
  const listener: Listener & { name: string } = { name, api_listener: { api_listener: hcm } };
  return listenerResource(listener);
}

function proxylessRoute(service: string): GeneratedResource {
  return routeResource(singleClusterRouteConfig(outboundRouteName(service), service, service, ''));
}

/** `mtlsMesh`: the mesh, when it has mTLS — the cluster then carries the TLS context gRPC accepts. */
function proxylessCluster(service: string, mtlsMesh: string | undefined): GeneratedResource {
  const cluster: Cluster & { name: string } = {
    name: service,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
    eds_cluster_config: { eds_config: adsConfigSource(), service_name: service },
    lb_policy: Cluster_LbPolicy.ROUND_ROBIN,
    ...(mtlsMesh === undefined ? {} : { transport_socket: proxylessUpstreamMeshTls(mtlsMesh, service) }),
  };
  return clusterResource(cluster);
}

/** See {@link generateProxylessResources} for the rules; the first locality an address appears in keeps it. */
export function proxylessLoadAssignment(service: string, endpoints: readonly Endpoint[]): ClusterLoadAssignment & { cluster_name: string } {
  const usable = endpoints.filter((e) => isIP(e.target) !== 0 && e.port > 0);
  const byAddress = new Map<string, { weight: number }>();
  const groups = groupByLocality(usable).map((group) => {
    const kept: { target: string; port: number; entry: { weight: number } }[] = [];
    for (const e of group.endpoints) {
      const key = `${e.target}:${e.port}`;
      const entry = byAddress.get(key);
      if (entry) {
        entry.weight += e.weight;
      } else {
        const fresh = { weight: e.weight };
        byAddress.set(key, fresh);
        kept.push({ target: e.target, port: e.port, entry: fresh });
      }
    }
    return { locality: group.locality, kept };
  });
  const nonEmpty = groups.filter((g) => g.kept.length > 0);
  const priorities = [...new Set(nonEmpty.map((g) => g.locality?.priority ?? 0))].sort((a, b) => a - b);
  return {
    cluster_name: service,
    endpoints: nonEmpty.map((group) => ({
      locality: group.locality ? { zone: group.locality.zone } : {},
      priority: priorities.indexOf(group.locality?.priority ?? 0),
      load_balancing_weight: group.kept.reduce((sum, k) => sum + k.entry.weight, 0),
      lb_endpoints: group.kept.map((k): LbEndpoint => ({
        host_identifier: { $case: 'endpoint', endpoint: { address: socketAddress(k.target, k.port) } },
        health_status: HealthStatus.HEALTHY,
        load_balancing_weight: k.entry.weight,
      })),
    })),
  };
}
