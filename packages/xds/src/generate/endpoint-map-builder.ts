import {
  type Dataplane,
  type Mesh,
  type StringMap,
  type ZoneIngress,
  Tags,
  getHealthyInbounds,
  isMeshMtlsEnabled,
  tagsToString,
} from '@kumiko/api';
import { endpointTexts, endpointsByDataplane, endpointsByOwner, tagTexts } from '../snapshot/derived-cache.js';
import type { MeshView } from './mesh-view.js';
import { compareStrings } from '../snapshot/string-order.js';

/** Where an endpoint sits for load balancing: its zone and Envoy priority (0 is tried first). */
export interface EndpointLocality {
  readonly zone: string;
  readonly priority: number;
}

/** One upstream address of a service (Kuma's `core_xds.Endpoint`). */
export interface Endpoint {
  readonly target: string;
  readonly port: number;
  /** Full tags, `kuma.io/service` included. */
  readonly tags: StringMap;
  readonly weight: number;
  /** Absent when the tags carry no `kuma.io/zone`. */
  readonly locality?: EndpointLocality;
}

/** Endpoints per `kuma.io/service`; each list sorted by target, port, tags. */
export type EndpointMap = ReadonlyMap<string, readonly Endpoint[]>;

/**
 * A proxy's view of mesh `meshName` (Kuma's `BuildEdsEndpointMap`):
 *
 * - remote ZoneIngresses, only when the mesh has an enabled mTLS backend (the ingress routes by
 *   SNI) and only those with an advertised address and port, deduplicated by that coordinate:
 *   one endpoint per available service of this mesh, weight = instances; with
 *   `routing.zoneEgress`, one endpoint per local ZoneEgress instead (weight 1);
 * - local healthy inbounds at `advertisedAddress || inbound.address || address`, `inbound.port`,
 *   weight N (the number of distinct remote ingress coordinates) or 1 when N = 0.
 *
 * Locality is `{zone: tags["kuma.io/zone"], priority}` where priority is 1 only when the mesh has
 * `localityAwareLoadBalancing` and the zone is not this one. A mesh the view does not know gives
 * only local endpoints, as for a mesh without mTLS. The result is new and not shared.
 */
export function buildEndpointMap(view: MeshView, meshName: string): EndpointMap {
  const mesh = view.meshes.get(meshName);
  const out = new Map<string, Endpoint[]>();
  const ingresses = mesh && isMeshMtlsEnabled(mesh) ? remoteIngressInstances(view) : [];
  const egresses = mesh?.routing?.zoneEgress ? localEgressCoordinates(view) : [];
  const localityAware = mesh?.routing?.localityAwareLoadBalancing ?? false;
  for (const ingress of ingresses) {
    for (const service of ingress.availableServices) {
      if (service.mesh !== meshName || service.externalService) continue;
      const locality = localityOf(service.tags, view.zone, localityAware);
      const localityKey = locality ? `${locality.zone}@${locality.priority}` : '-';
      if (mesh?.routing?.zoneEgress) {
        for (const egress of egresses) {
          const key = `${egress.target}:${egress.port}/1/${localityKey}`;
          add(
            out,
            memoEndpoint(service, key, () => ({ ...egress, tags: service.tags, weight: 1, locality })),
          );
        }
      } else {
        const target = ingress.networking?.advertisedAddress ?? '';
        const port = ingress.networking?.advertisedPort ?? 0;
        const key = `${target}:${port}/${service.instances}/${localityKey}`;
        add(
          out,
          memoEndpoint(service, key, () => ({ target, port, tags: service.tags, weight: service.instances, locality })),
        );
      }
    }
  }
  addLocalEndpoints(out, view, meshName, ingresses.length > 0 ? ingresses.length : 1, localityAware, {});
  return sortEndpoints(out);
}

/**
 * What a ZoneIngress forwards to in `meshName` (Kuma's `BuildIngressEndpointMap`): local healthy
 * inbounds only, weight 1, tags plus `mesh: <mesh>`.
 */
export function buildIngressEndpointMap(view: MeshView, meshName: string): EndpointMap {
  const out = new Map<string, Endpoint[]>();
  const localityAware = view.meshes.get(meshName)?.routing?.localityAwareLoadBalancing ?? false;
  addLocalEndpoints(out, view, meshName, 1, localityAware, { mesh: meshName });
  return sortEndpoints(out);
}

/**
 * What a ZoneEgress forwards to in `meshName` (Kuma's `BuildEgressEndpointMap`, cross-zone part):
 * the remote ingresses' advertised coordinates (same deduplication as {@link buildEndpointMap}),
 * weight = instances, tags plus `mesh: <mesh>`. Empty unless the mesh has mTLS and
 * `routing.zoneEgress`. Priority is always 0: every endpoint an egress has is remote.
 */
export function buildEgressEndpointMap(view: MeshView, meshName: string): EndpointMap {
  const mesh = view.meshes.get(meshName);
  const out = new Map<string, Endpoint[]>();
  if (!mesh || !usesZoneEgress(mesh)) return out;
  for (const ingress of remoteIngressInstances(view)) {
    for (const service of ingress.availableServices) {
      if (service.mesh !== meshName || service.externalService) continue;
      const target = ingress.networking?.advertisedAddress ?? '';
      const port = ingress.networking?.advertisedPort ?? 0;
      const locality = localityOf(service.tags, view.zone, false);
      add(
        out,
        memoEndpoint(service, `egress:${target}:${port}/${meshName}/${locality?.zone ?? '-'}`, () => ({
          target,
          port,
          tags: { ...service.tags, mesh: meshName },
          weight: service.instances,
          locality,
        })),
      );
    }
  }
  return sortEndpoints(out);
}

/** True when the mesh sends cross-zone traffic through its zone's egress (which needs mTLS). */
export function usesZoneEgress(mesh: Mesh): boolean {
  return isMeshMtlsEnabled(mesh) && (mesh.routing?.zoneEgress ?? false);
}

/**
 * The remote ZoneIngresses that count, one per advertised `address:port`: other zones only, with
 * an advertised coordinate, and a coordinate is taken only by an instance whose
 * `availableServices` is non-empty (a fresh instance behind the same load balancer does not hide
 * the populated one). Visited in (zone, name) order so the winner is stable.
 */
export function remoteIngressInstances(view: MeshView): readonly ZoneIngress[] {
  const byCoordinate = new Map<string, ZoneIngress>();
  const candidates = view.remoteZoneIngresses
    .filter((zi) => zi.zone !== '' && zi.zone !== view.zone)
    .sort((a, b) => compareStrings(a.zone, b.zone) || compareStrings(a.name, b.name));
  for (const ingress of candidates) {
    const address = ingress.networking?.advertisedAddress ?? '';
    const port = ingress.networking?.advertisedPort ?? 0;
    if (address === '' || port === 0 || ingress.availableServices.length === 0) continue;
    const coordinate = `${address}:${port}`;
    if (!byCoordinate.has(coordinate)) byCoordinate.set(coordinate, ingress);
  }
  return [...byCoordinate.values()];
}

/** A stable text of an endpoint list: equal text, equal load assignment. */
export function endpointsFingerprint(endpoints: readonly Endpoint[]): string {
  return endpoints.map(endpointFingerprint).join(';');
}

/** `tagsToString`, memoised per tags object (tags of a Dataplane keep their identity across views). */
function tagsText(tags: StringMap): string {
  let text = tagTexts.get(tags);
  if (text === undefined) {
    text = tagsToString(tags);
    tagTexts.set(tags, text);
  }
  return text;
}

function endpointFingerprint(e: Endpoint): string {
  let text = endpointTexts.get(e);
  if (text === undefined) {
    const locality = e.locality ? `${e.locality.zone}@${e.locality.priority}` : '-';
    text = `${e.target}:${e.port}/${e.weight}/${locality}/${tagsText(e.tags)}`;
    endpointTexts.set(e, text);
  }
  return text;
}

function localityOf(tags: StringMap, localZone: string, localityAware: boolean): EndpointLocality | undefined {
  const zone = tags[Tags.zone];
  if (zone === undefined) return undefined;
  return { zone, priority: localityAware && zone !== localZone ? 1 : 0 };
}

function localEgressCoordinates(view: MeshView): { target: string; port: number }[] {
  return view.zoneEgresses
    .filter((ze) => (ze.networking?.address ?? '') !== '' && (ze.networking?.port ?? 0) !== 0)
    .map((ze) => ({ target: ze.networking?.address ?? '', port: ze.networking?.port ?? 0 }));
}

function addLocalEndpoints(
  out: Map<string, Endpoint[]>,
  view: MeshView,
  meshName: string,
  weight: number,
  localityAware: boolean,
  extraTags: StringMap,
): void {
  const paramsKey = `${weight}\u0000${localityAware}\u0000${view.zone}\u0000${tagsText(extraTags)}`;
  for (const dataplane of view.dataplanes) {
    if (dataplane.mesh !== meshName) continue;
    for (const endpoint of dataplaneEndpoints(dataplane, paramsKey, () => {
      const networking = dataplane.networking;
      if (!networking) return [];
      return getHealthyInbounds(dataplane).map((inbound) => ({
        target: networking.advertisedAddress || inbound.address || networking.address,
        port: inbound.port,
        tags: Object.keys(extraTags).length === 0 ? inbound.tags : { ...inbound.tags, ...extraTags },
        weight,
        locality: localityOf(inbound.tags, view.zone, localityAware),
      }));
    })) {
      add(out, endpoint);
    }
  }
}

/**
 * An endpoint derived from `owner` (an available-service entry) and everything else in `key`,
 * memoised so that unchanged inputs give the same Endpoint object in the next view.
 */
function memoEndpoint(owner: object, key: string, build: () => Endpoint): Endpoint {
  let byKey = endpointsByOwner.get(owner);
  if (!byKey) {
    byKey = new Map();
    endpointsByOwner.set(owner, byKey);
  }
  let endpoint = byKey.get(key);
  if (!endpoint) {
    endpoint = build();
    byKey.set(key, endpoint);
  }
  return endpoint;
}

/**
 * A Dataplane's endpoints for one set of parameters, memoised per Dataplane object: a view that
 * keeps its unchanged Dataplanes (the same objects) reuses their endpoints, and with them the
 * per-endpoint texts fingerprints are made of. Pure: the result depends only on the arguments.
 */
function dataplaneEndpoints(dataplane: Dataplane, paramsKey: string, build: () => Endpoint[]): readonly Endpoint[] {
  let byParams = endpointsByDataplane.get(dataplane);
  if (!byParams) {
    byParams = new Map();
    endpointsByDataplane.set(dataplane, byParams);
  }
  let endpoints = byParams.get(paramsKey);
  if (!endpoints) {
    endpoints = build();
    byParams.set(paramsKey, endpoints);
  }
  return endpoints;
}

function add(out: Map<string, Endpoint[]>, endpoint: Endpoint): void {
  const service = endpoint.tags[Tags.service];
  if (service === undefined || service === '') return;
  const list = out.get(service);
  if (list) list.push(endpoint);
  else out.set(service, [endpoint]);
}

function sortEndpoints(out: Map<string, Endpoint[]>): EndpointMap {
  for (const list of out.values()) {
    list.sort(
      (a, b) =>
        compareStrings(a.target, b.target) || a.port - b.port || compareStrings(tagsText(a.tags), tagsText(b.tags)) || a.weight - b.weight,
    );
  }
  return out;
}
