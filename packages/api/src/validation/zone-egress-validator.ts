import type { ZoneEgress } from '../resources/zone-egress.js';
import { validateAddress } from './address-validator.js';
import { validatePort } from './common-validators.js';
import { overlapsIPv4Loopback } from './ip-address.js';
import type { Violation } from './violation.js';

/**
 * Kuma `ZoneEgressResource.Validate()` (`zone_egress_validator.go`): the admin port must not equal `port` on
 * an address overlapping 127.0.0.1; `address`, when set, follows N1 at the doubled path
 * `networking.address.address`; `networking.port` must be in range (so it is mandatory). The caller owns
 * the returned array.
 */
export function validateZoneEgress(zoneEgress: ZoneEgress): Violation[] {
  const out: Violation[] = [];
  const networking = zoneEgress.networking;
  const address = networking?.address ?? '';
  const port = networking?.port ?? 0;
  const admin = networking?.admin;
  if (admin !== undefined && admin.port === port && overlapsIPv4Loopback(address)) {
    out.push({ field: 'networking.admin.port', message: 'must differ from port' });
  }
  if (address !== '') validateAddress(out, 'networking.address.address', address);
  validatePort(out, 'networking.port', port);
  return out;
}
