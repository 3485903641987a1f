import {
  Labels,
  buildServiceInsights,
  dataplaneFactsFrom,
  MtlsModes,
  type Dataplane,
  type DataplaneFacts,
  type DataplaneInsight,
  type Mesh,
  type ServiceTlsFacts,
} from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { meshMtlsMode } from '@kumiko/xds';
import type { ZoneStateSource } from './zone-state-sources.js';

/** Facts per stored Dataplane object: an unchanged Dataplane is the same object, so it is read once. */
const factsOf = new WeakMap<Dataplane, DataplaneFacts>();

function dataplaneFacts(dataplane: Dataplane): DataplaneFacts {
  let facts = factsOf.get(dataplane);
  if (facts === undefined) factsOf.set(dataplane, (facts = dataplaneFactsFrom(dataplane)));
  return facts;
}

/** `mTLS.issuedBackend` of a stored insight, `''` without one. */
export function issuedBackendOf(insight: DataplaneInsight | undefined): string {
  return insight?.mTLS?.issuedBackend ?? '';
}

/**
 * The zone's ServiceInsight counts a PERMISSIVE client needs (Dataplanes per service, and per mTLS backend those
 * holding its certificate), for the meshes whose enabled backend is PERMISSIVE: nothing else reads them, so other
 * meshes cost nothing. Same rules as the zone's `/service-insights`, except that a Dataplane of a proxyless app
 * (`kumiko.io/proxyless`) is never counted as holding a certificate. Pure apart from a per-object memo.
 */
export function zoneServiceTlsFacts(meshes: readonly Mesh[], store: ZoneStateSource): Record<string, Record<string, ServiceTlsFacts>> {
  const permissive = new Set(meshes.filter((mesh) => meshMtlsMode(mesh) === MtlsModes.PERMISSIVE).map((mesh) => mesh.name));
  if (permissive.size === 0) return {};
  const issued = new Map<string, string>();
  for (const insight of store.list(SubjectKinds.DataplaneInsight)) {
    if (permissive.has(insight.mesh)) issued.set(`${insight.mesh}/${insight.name}`, issuedBackendOf(insight));
  }
  const out: Record<string, Record<string, ServiceTlsFacts>> = {};
  for (const mesh of permissive) {
    const entries = store.list(SubjectKinds.Dataplane, mesh).map((dataplane) => ({
      dataplane: dataplaneFacts(dataplane),
      // only the issued backend counts here; online or not, a Dataplane is one of the service's total. A proxyless
      // app's XdsServer stays plaintext in PERMISSIVE (it cannot take both on one port), so it never counts as
      // holding a certificate here, whatever its insight says: its service is sent plaintext until STRICT.
      insight: {
        online: true,
        issuedBackend: dataplane.labels?.[Labels.proxyless] === 'true' ? '' : (issued.get(`${mesh}/${dataplane.name}`) ?? ''),
      },
    }));
    out[mesh] = Object.fromEntries(
      buildServiceInsights(entries).map((stat) => [stat.name, { dataplanes: stat.dataplanes, issuedBackends: stat.issuedBackends }]),
    );
  }
  return out;
}
