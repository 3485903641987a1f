import type { ZoneIngress } from '../resources/zone-ingress.js';
import { validateAddress } from './address-validator.js';
import { validatePort } from './common-validators.js';
import { overlapsIPv4Loopback } from './ip-address.js';
import { SERVICE_TAG_RULES, validateTags } from './tag-validator.js';
import type { Violation } from './violation.js';

/**
 * Kuma `ZoneIngressResource.Validate()` (`zone_ingress_validator.go`, same in v2.13.10 and v2.14.3), in its
 * order: admin port clash, advertised address/port pairing, the addresses (at Kuma's doubled paths
 * `networking.address.address` and `networking.advertisedAddress.address`), the ports, and each
 * `availableServices[i].tags` at the singular path `availableService[i].tags`. An absent `networking`
 * validates like an empty one (so `networking.port` is reported). No advertised address and port is valid:
 * the ingress is waiting for its load balancer. The caller owns the returned array.
 */
export function validateZoneIngress(zoneIngress: ZoneIngress): Violation[] {
  const out: Violation[] = [];
  const networking = zoneIngress.networking;
  const address = networking?.address ?? '';
  const advertisedAddress = networking?.advertisedAddress ?? '';
  const port = networking?.port ?? 0;
  const advertisedPort = networking?.advertisedPort ?? 0;
  const admin = networking?.admin;
  if (admin !== undefined) {
    const clash =
      (admin.port === port && overlapsIPv4Loopback(address)) || (admin.port === advertisedPort && overlapsIPv4Loopback(advertisedAddress));
    if (clash) out.push({ field: 'networking.admin.port', message: 'must differ from port' });
  }
  if (advertisedAddress === '' && advertisedPort !== 0) {
    out.push({ field: 'networking.advertisedAddress', message: 'has to be defined with advertisedPort' });
  }
  if (advertisedPort === 0 && advertisedAddress !== '') {
    out.push({ field: 'networking.advertisedPort', message: 'has to be defined with advertisedAddress' });
  }
  if (address !== '') validateAddress(out, 'networking.address.address', address);
  if (advertisedAddress !== '') validateAddress(out, 'networking.advertisedAddress.address', advertisedAddress);
  validatePort(out, 'networking.port', port);
  if (advertisedPort !== 0) validatePort(out, 'networking.advertisedPort', advertisedPort);
  const services = zoneIngress.availableServices;
  for (let i = 0; i < services.length; i++) {
    validateTags(out, (services[i] as (typeof services)[number]).tags, 'availableService', i, SERVICE_TAG_RULES);
  }
  return out;
}
