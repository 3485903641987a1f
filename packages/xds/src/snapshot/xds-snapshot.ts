/**
 * The contract between the generators (which build a snapshot per proxy) and the ADS server and
 * cache (which serve it). A snapshot is immutable; each resource carries its encoded protobuf bytes
 * (encoded once, shared by every stream that sends it) and a version that is a hash of those bytes,
 * so the same input always yields the same versions and no push.
 */
export const TypeUrls = {
  Listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  RouteConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  Cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  ClusterLoadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  Secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
} as const;
export type TypeUrl = (typeof TypeUrls)[keyof typeof TypeUrls];

/** Envoy's push order for updates: clusters before their endpoints, listeners before their routes. */
export const PUSH_ORDER: readonly TypeUrl[] = [
  TypeUrls.Cluster,
  TypeUrls.ClusterLoadAssignment,
  TypeUrls.Listener,
  TypeUrls.RouteConfiguration,
  TypeUrls.Secret,
];

export interface SnapshotResource {
  readonly name: string;
  /** The resource message's protobuf encoding (not wrapped in Any). Never mutated. */
  readonly encoded: Uint8Array;
  /** Hash of `encoded`: equal bytes, equal version. */
  readonly version: string;
}

export interface XdsSnapshot {
  /** Resources by type, then by name. Types with no resources may be absent. */
  readonly resources: ReadonlyMap<TypeUrl, ReadonlyMap<string, SnapshotResource>>;
  /** Per type: a hash of the sorted (name, version) pairs — the SotW `version_info`. */
  readonly versions: ReadonlyMap<TypeUrl, string>;
}
