import { InboundStates, Tags } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import type { GlobalStateSource, ZoneStateSource } from '../xds/zone-state-sources.js';

/**
 * Per mesh, the services that get a VIP (Kuma's universal VIPsAllocator): `kuma.io/service` of every
 * local Dataplane inbound that is not Ignored and of gateways, and every service other zones'
 * ZoneIngresses advertise in `availableServices` for that mesh (as Kuma does, external services
 * included). "Other zones" is the mesh view builder's rule: a replicated ZoneIngress whose `zone` (pinned
 * by the global CP) is set and is not this one. Only meshes the global replica knows; each has an entry, possibly empty.
 * Pure; the caller owns the result.
 */
export function servicesByMesh(zone: string, store: ZoneStateSource, replica: GlobalStateSource): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const entry of replica.list(SubjectKinds.Mesh)) if (entry.resource?.type === 'Mesh') out.set(entry.resource.name, new Set());
  for (const dataplane of store.list(SubjectKinds.Dataplane)) {
    const services = out.get(dataplane.mesh);
    if (services === undefined) continue;
    for (const inbound of dataplane.networking?.inbound ?? []) {
      const service = inbound.tags[Tags.service];
      if (service !== undefined && inbound.state !== InboundStates.Ignored) services.add(service);
    }
    const gateway = dataplane.networking?.gateway?.tags[Tags.service];
    if (gateway !== undefined) services.add(gateway);
  }
  for (const entry of replica.list(SubjectKinds.ZoneIngress)) {
    if (entry.resource?.type !== 'ZoneIngress' || entry.resource.zone === '' || entry.resource.zone === zone) continue;
    for (const available of entry.resource.availableServices) {
      const service = available.tags[Tags.service];
      if (service !== undefined) out.get(available.mesh)?.add(service);
    }
  }
  return out;
}
