import type { DataplaneFacts, InsightFacts } from './dataplane-facts.js';
import { dataplaneStatus, DataplaneStatuses } from './dataplane-status.js';

export const ServiceTypes = {
  internal: 'internal',
  external: 'external',
  gatewayBuiltin: 'gateway_builtin',
  gatewayDelegated: 'gateway_delegated',
} as const;
export type ServiceType = (typeof ServiceTypes)[keyof typeof ServiceTypes];

export const ServiceStatuses = {
  online: 'online',
  offline: 'offline',
  partiallyDegraded: 'partially_degraded',
  notAvailable: 'not_available',
} as const;
export type ServiceStatus = (typeof ServiceStatuses)[keyof typeof ServiceStatuses];

/** One service of a mesh, as Kuma's ServiceInsight resyncer computes it. */
export interface ServiceInsightStat {
  readonly name: string;
  readonly serviceType: ServiceType;
  readonly status: ServiceStatus;
  readonly dataplanes: { readonly total: number; readonly online: number; readonly offline: number };
  /** Dataplanes (inbounds) per mTLS backend that issued their certificate. */
  readonly issuedBackends: Readonly<Record<string, number>>;
  /** Zones the service runs in, sorted. */
  readonly zones: readonly string[];
}

export interface DataplaneFactsEntry {
  readonly dataplane: DataplaneFacts;
  readonly insight: InsightFacts | undefined;
}

interface Accumulator {
  serviceType: ServiceType;
  online: number;
  offline: number;
  issuedBackends: Record<string, number>;
  zones: Set<string>;
}

/**
 * Kuma's `createOrUpdateServiceInsight` over one mesh's Dataplanes: each non-ignored inbound (and each
 * gateway) counts its proxy once for its service as online, or offline (partially degraded proxies count as
 * offline); a service is online when all are, offline when none is, partially degraded otherwise. Sorted by
 * name (bytewise). Pure.
 */
export function buildServiceInsights(entries: Iterable<DataplaneFactsEntry>): ServiceInsightStat[] {
  const services = new Map<string, Accumulator>();
  const count = (service: string, serviceType: ServiceType, online: boolean, backend: string, zone: string | undefined): void => {
    let acc = services.get(service);
    if (acc === undefined) {
      acc = { serviceType, online: 0, offline: 0, issuedBackends: {}, zones: new Set() };
      services.set(service, acc);
    }
    if (online) acc.online++;
    else acc.offline++;
    if (backend !== '') acc.issuedBackends[backend] = (acc.issuedBackends[backend] ?? 0) + 1;
    if (zone !== undefined && zone !== '') acc.zones.add(zone);
  };
  for (const { dataplane, insight } of entries) {
    const online = dataplaneStatus(dataplane, insight?.online ?? false) === DataplaneStatuses.online;
    const backend = insight?.issuedBackend ?? '';
    const gateway = dataplane.gateway;
    if (gateway !== undefined) {
      count(
        gateway.service,
        gateway.kind === 'BUILTIN' ? ServiceTypes.gatewayBuiltin : ServiceTypes.gatewayDelegated,
        online,
        backend,
        gateway.zone,
      );
    }
    for (const inbound of dataplane.inbounds) {
      if (!inbound.ignored) count(inbound.service, ServiceTypes.internal, online, backend, inbound.zone);
    }
  }
  return [...services.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, acc]) => ({
      name,
      serviceType: acc.serviceType,
      status: acc.online === 0 ? ServiceStatuses.offline : acc.offline === 0 ? ServiceStatuses.online : ServiceStatuses.partiallyDegraded,
      dataplanes: { total: acc.online + acc.offline, online: acc.online, offline: acc.offline },
      issuedBackends: acc.issuedBackends,
      zones: [...acc.zones].sort(),
    }));
}
