import type { Dataplane, DataplaneNetworking } from '../resources/dataplane.js';
import { Tags } from '../tags.js';

/**
 * What Kuma's `DataplaneManager.Create/Update` does on a zone CP: sets `kuma.io/zone: <zone>` on
 * every inbound's tags and on the gateway's tags, overwriting any value the user wrote.
 *
 * Returns a new Dataplane and never mutates the input. Like Kuma, it changes nothing when `zone` is
 * empty or the Dataplane has no `networking` (the input is then returned as is).
 */
export function injectZoneTag(dataplane: Dataplane, zone: string): Dataplane {
  const networking = dataplane.networking;
  if (zone === '' || networking === undefined) return dataplane;
  const injected: DataplaneNetworking = {
    ...networking,
    inbound: networking.inbound.map((inbound) => ({ ...inbound, tags: { ...inbound.tags, [Tags.zone]: zone } })),
    ...(networking.gateway === undefined
      ? {}
      : { gateway: { ...networking.gateway, tags: { ...networking.gateway.tags, [Tags.zone]: zone } } }),
  };
  return { ...dataplane, networking: injected };
}
