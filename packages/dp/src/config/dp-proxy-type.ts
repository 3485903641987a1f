import { descriptorByProxyType } from '@kumiko/api';

/** Values of kuma-dp's `--proxy-type` (and of `proxyType` in the bootstrap request). */
export const DpProxyTypes = { dataplane: 'dataplane', ingress: 'ingress', egress: 'egress' } as const;
export type DpProxyType = (typeof DpProxyTypes)[keyof typeof DpProxyTypes];

/** The resource type each proxy type registers with (the registry's `proxyType`). */
export function resourceTypeOfProxyType(proxyType: DpProxyType): 'Dataplane' | 'ZoneIngress' | 'ZoneEgress' {
  const descriptor = descriptorByProxyType(proxyType);
  if (descriptor === undefined) throw new TypeError(`no resource type registers with proxy type ${proxyType}`);
  return descriptor.name as 'Dataplane' | 'ZoneIngress' | 'ZoneEgress';
}
