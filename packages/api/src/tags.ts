/**
 * Kuma's well-known tag keys, label keys, protocol values and resource type names.
 *
 * Every literal union in the package derives from one of these `as const` objects, so a value
 * spelled here is the only spelling.
 */

/** Tag keys Kuma gives a meaning to (inbound, outbound and gateway tags). */
export const Tags = {
  service: 'kuma.io/service',
  zone: 'kuma.io/zone',
  protocol: 'kuma.io/protocol',
} as const;

/** Label keys Kuma computes or reads on resource metadata. */
export const Labels = {
  origin: 'kuma.io/origin',
  displayName: 'kuma.io/display-name',
  mesh: 'kuma.io/mesh',
  zone: 'kuma.io/zone',
  env: 'kuma.io/env',
  proxyType: 'kuma.io/proxy-type',
  /** The workload a universal Dataplane belongs to; a DNS-1035 label. */
  workload: 'kuma.io/workload',
  /**
   * Kumiko's, not Kuma's: `"true"` on a Dataplane that `kumiko-dp run --proxyless` registers for a proxyless gRPC
   * app. Such an app's server (an `XdsServer`) cannot take plaintext and mTLS on one port, so in a PERMISSIVE mesh
   * it stays plaintext and its service never counts as ready for mTLS.
   */
  proxyless: 'kumiko.io/proxyless',
} as const;

/** Values of the `kuma.io/origin` label. */
export const Origins = { global: 'global', zone: 'zone' } as const;
export type Origin = (typeof Origins)[keyof typeof Origins];

/** Values of the `kuma.io/proxy-type` label. */
export const ProxyTypes = {
  sidecar: 'sidecar',
  gateway: 'gateway',
  zoneIngress: 'zoneingress',
  zoneEgress: 'zoneegress',
} as const;
export type ProxyType = (typeof ProxyTypes)[keyof typeof ProxyTypes];

/**
 * The values `kuma.io/protocol` may take (Kuma's `ParseProtocol`), in the order Kuma lists them in
 * its error message ("Allowed values: grpc, http, http2, kafka, tcp").
 */
export const Protocols = {
  grpc: 'grpc',
  http: 'http',
  http2: 'http2',
  kafka: 'kafka',
  tcp: 'tcp',
} as const;
export type Protocol = (typeof Protocols)[keyof typeof Protocols];
