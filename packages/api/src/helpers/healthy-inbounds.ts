import { type Dataplane, type DataplaneInbound, InboundStates } from '../resources/dataplane.js';

/** Kuma's rule (`GetHealthyInbounds`): state `Ready` and no `health`, or `health.ready`. */
export function isInboundHealthy(inbound: DataplaneInbound): boolean {
  return inbound.state === InboundStates.Ready && (inbound.health === undefined || inbound.health.ready);
}

/** The Dataplane's healthy inbounds, in declaration order; `[]` without networking. */
export function getHealthyInbounds(dataplane: Dataplane): readonly DataplaneInbound[] {
  return dataplane.networking?.inbound.filter(isInboundHealthy) ?? [];
}
