import { ResourceTypes } from '@kumiko/api';

/** Values of kuma-dp's `--proxy-type` (and of `proxyType` in the bootstrap request). */
export const DpProxyTypes = { dataplane: 'dataplane', ingress: 'ingress', egress: 'egress' } as const;
export type DpProxyType = (typeof DpProxyTypes)[keyof typeof DpProxyTypes];

/** The resource each proxy type registers with. */
export const resourceTypeOfProxyType = {
  [DpProxyTypes.dataplane]: ResourceTypes.Dataplane,
  [DpProxyTypes.ingress]: ResourceTypes.ZoneIngress,
  [DpProxyTypes.egress]: ResourceTypes.ZoneEgress,
} as const satisfies Record<DpProxyType, string>;
