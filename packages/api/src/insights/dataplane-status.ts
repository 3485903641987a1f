import type { DataplaneFacts } from './dataplane-facts.js';

export const DataplaneStatuses = { online: 'online', offline: 'offline', partiallyDegraded: 'partially_degraded' } as const;
export type DataplaneStatus = (typeof DataplaneStatuses)[keyof typeof DataplaneStatuses];

/**
 * Kuma v2.13's `DataplaneOverviewResource.Status()`: offline when the proxy is not connected or no inbound is
 * ready; partially degraded when some inbound is not ready; a gateway is online whenever its proxy is. Ignored
 * inbounds do not count.
 */
export function dataplaneStatus(facts: DataplaneFacts, proxyOnline: boolean): DataplaneStatus {
  const counted = facts.inbounds.filter((inbound) => !inbound.ignored);
  const notReady = counted.filter((inbound) => !inbound.ready).length;
  const gateway = facts.gateway !== undefined;
  const allOffline = !gateway && notReady === counted.length;
  const allOnline = gateway || notReady === 0;
  if (!proxyOnline || allOffline) return DataplaneStatuses.offline;
  if (!allOnline) return DataplaneStatuses.partiallyDegraded;
  return DataplaneStatuses.online;
}
