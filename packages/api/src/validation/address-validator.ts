import { isDNSName, isIP } from './ip-address.js';
import type { ViolationSink } from './violation.js';

/**
 * Kuma's `validateAddress` (N1), used for `networking.address` of a Dataplane and, at the doubled paths
 * `networking.address.address` / `networking.advertisedAddress.address`, for ZoneIngress and ZoneEgress:
 * empty → `address can't be empty` (and nothing else); `0.0.0.0` or `::` → `must not be 0.0.0.0 or ::`;
 * neither an IP nor a DNS name → `address has to be valid IP address or domain name`.
 */
export function validateAddress(out: ViolationSink, field: string, address: string): void {
  if (address === '') {
    out.push({ field, message: "address can't be empty" });
    return;
  }
  if (address === '0.0.0.0' || address === '::') out.push({ field, message: 'must not be 0.0.0.0 or ::' });
  if (!isIP(address) && !isDNSName(address)) {
    out.push({ field, message: 'address has to be valid IP address or domain name' });
  }
}
