import type { Dataplane, Mesh, ServiceTlsFacts, ZoneEgress, ZoneIngress } from '@kumiko/api';

/**
 * Everything a zone's generators read: the zone's own proxies plus what the GLOBAL replica holds
 * (meshes, other zones' ZoneIngresses). Plain read-only data, replaced as a whole on every change
 * (a new object per change is what tells the shared-resource cache that the inputs moved).
 *
 * Addresses are used as given: a hostname in `networking.address` must be resolved by whoever
 * builds the view (Kuma re-resolves them in the CP), because Envoy's EDS and gRPC need IP literals.
 */
export interface MeshView {
  /** This zone's name (`KUMA_MULTIZONE_ZONE_NAME`); endpoints of other zones are "remote". */
  readonly zone: string;
  readonly meshes: ReadonlyMap<string, Mesh>;
  /** Dataplanes of this zone, all meshes. */
  readonly dataplanes: readonly Dataplane[];
  /** ZoneIngresses of this zone (`zone` is `""` or this zone). */
  readonly zoneIngresses: readonly ZoneIngress[];
  /**
   * ZoneIngresses of other zones, as synced through the global CP (`zone` pinned to their zone,
   * `availableServices` filled by their zone CP). One whose `zone` is `""` or this zone is ignored.
   */
  readonly remoteZoneIngresses: readonly ZoneIngress[];
  /** ZoneEgresses of this zone. */
  readonly zoneEgresses: readonly ZoneEgress[];
  /** Per mesh, the DNS VIP of each service (`kuma-<mesh>-dns-vips`), allocated by the zone CP. */
  readonly vips: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /**
   * Per mesh, per service, how many of this zone's Dataplanes serve it and which mTLS backends issued their
   * certificates (the zone's ServiceInsight counts): what a client in a PERMISSIVE mesh reads to decide whether the
   * service can take mTLS yet (`isServiceTlsReady`). Empty when the builder counts nothing.
   */
  readonly serviceInsights: ReadonlyMap<string, ReadonlyMap<string, ServiceTlsFacts>>;
}

/** What {@link createMeshView} accepts: lists instead of maps, every field but `zone` optional. */
export interface MeshViewInput {
  readonly zone: string;
  readonly meshes?: readonly Mesh[];
  readonly dataplanes?: readonly Dataplane[];
  readonly zoneIngresses?: readonly ZoneIngress[];
  readonly remoteZoneIngresses?: readonly ZoneIngress[];
  readonly zoneEgresses?: readonly ZoneEgress[];
  /** mesh → service → VIP. */
  readonly vips?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** mesh → service → its counts. */
  readonly serviceInsights?: Readonly<Record<string, Readonly<Record<string, ServiceTlsFacts>>>>;
}

/** Builds a {@link MeshView} from lists (meshes keyed by name). The inputs are not copied deeply. */
export function createMeshView(input: MeshViewInput): MeshView {
  return {
    zone: input.zone,
    meshes: new Map((input.meshes ?? []).map((mesh) => [mesh.name, mesh])),
    dataplanes: input.dataplanes ?? [],
    zoneIngresses: input.zoneIngresses ?? [],
    remoteZoneIngresses: input.remoteZoneIngresses ?? [],
    zoneEgresses: input.zoneEgresses ?? [],
    vips: new Map(Object.entries(input.vips ?? {}).map(([mesh, vips]) => [mesh, new Map(Object.entries(vips))])),
    serviceInsights: new Map(
      Object.entries(input.serviceInsights ?? {}).map(([mesh, services]) => [mesh, new Map(Object.entries(services))]),
    ),
  };
}
