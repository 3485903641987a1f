/**
 * Kuma v2.13's resource names (`pkg/xds/envoy/names`, legacy naming, not the KRI-based unified
 * naming). Clients, dashboards and stats depend on them, so they are spelled in one place.
 */

/** `inbound:<address>:<port>`: a sidecar inbound, a ZoneIngress or a ZoneEgress listener. */
export function inboundListenerName(address: string, port: number): string {
  return `inbound:${address}:${port}`;
}

/** `outbound:<address>:<port>`: a sidecar outbound listener (explicit or VIP). */
export function outboundListenerName(address: string, port: number): string {
  return `outbound:${address}:${port}`;
}

/** `localhost:<port>`: the cluster that reaches the workload behind an inbound. */
export function localClusterName(port: number): string {
  return `localhost:${port}`;
}

/** `<mesh>:<service>`: a ZoneIngress/ZoneEgress cluster (one per mesh service it forwards to). */
export function meshClusterName(mesh: string, service: string): string {
  return `${mesh}:${service}`;
}

/** `inbound:<service>`: the route configuration inlined in an HTTP inbound listener. */
export function inboundRouteName(service: string): string {
  return `inbound:${service}`;
}

/** `outbound:<service>`: the route configuration of an HTTP outbound (inline or, for gRPC, RDS). */
export function outboundRouteName(service: string): string {
  return `outbound:${service}`;
}

/** SDS secret holding the proxy's identity certificate in `mesh`. */
export function identityCertSecretName(mesh: string): string {
  return `identity_cert:secret:${mesh}`;
}

/** SDS secret holding the CA bundle of `mesh`. */
export function meshCaSecretName(mesh: string): string {
  return `mesh_ca:secret:${mesh}`;
}

/** Envoy stat prefixes may not contain `:`; Kuma's `names.GetStatsName` turns it into `_`. */
export function statsName(name: string): string {
  return name.replaceAll(':', '_');
}

/** Transparent-proxy passthrough listeners and clusters (the listener and its cluster share the name). */
export const PassthroughNames = {
  inboundIPv4: 'inbound:passthrough:ipv4',
  inboundIPv6: 'inbound:passthrough:ipv6',
  outboundIPv4: 'outbound:passthrough:ipv4',
  outboundIPv6: 'outbound:passthrough:ipv6',
} as const;
