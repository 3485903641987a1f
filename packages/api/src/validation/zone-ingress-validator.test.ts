import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type ZoneIngress, decodeZoneIngress } from '../resources/zone-ingress.js';
import type { Violation } from './violation.js';
import { validateZoneIngress } from './zone-ingress-validator.js';

function zoneIngress(yaml: string): ZoneIngress {
  const decoded = decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1', ...(parse(yaml) ?? {}) });
  assert.ok(decoded.ok, `decoding failed: ${JSON.stringify(decoded)}`);
  return decoded.value;
}

const v = (field: string, message: string): Violation => ({ field, message });

describe('validateZoneIngress', () => {
  const cases: readonly (readonly [string, string, readonly Violation[]])[] = [
    [
      'full and valid',
      `
networking: { address: 192.168.0.1, port: 10001, advertisedAddress: 10.0.0.1, advertisedPort: 10001, admin: { port: 9901 } }
availableServices:
- { tags: { kuma.io/service: backend, kuma.io/zone: zone-1, version: v1 }, instances: 2, mesh: default }`,
      [],
    ],
    ['waiting for its load balancer: no advertised address and port', 'networking: { address: 192.168.0.1, port: 10001 }', []],
    ['no networking at all: the port is mandatory', '', [v('networking.port', 'port must be in the range [1, 65535]')]],
    [
      'admin port equal to port on 0.0.0.0',
      'networking: { address: 0.0.0.0, port: 10001, admin: { port: 10001 } }',
      [v('networking.admin.port', 'must differ from port'), v('networking.address.address', 'must not be 0.0.0.0 or ::')],
    ],
    [
      'admin port equal to advertisedPort on 127.0.0.1',
      `
networking: { address: 10.0.0.1, port: 10001, advertisedAddress: 127.0.0.1, advertisedPort: 9901, admin: { port: 9901 } }`,
      [v('networking.admin.port', 'must differ from port')],
    ],
    ['admin port equal to port on another address is fine', 'networking: { address: 10.0.0.1, port: 9901, admin: { port: 9901 } }', []],
    [
      'advertisedPort without advertisedAddress',
      'networking: { address: 10.0.0.1, port: 10001, advertisedPort: 10001 }',
      [v('networking.advertisedAddress', 'has to be defined with advertisedPort')],
    ],
    [
      'advertisedAddress without advertisedPort',
      'networking: { address: 10.0.0.1, port: 10001, advertisedAddress: 1.1.1.1 }',
      [v('networking.advertisedPort', 'has to be defined with advertisedAddress')],
    ],
    [
      'addresses use N1 at the doubled paths',
      `
networking: { address: "::", port: 10001, advertisedAddress: "in valid", advertisedPort: 70000 }`,
      [
        v('networking.address.address', 'must not be 0.0.0.0 or ::'),
        v('networking.advertisedAddress.address', 'address has to be valid IP address or domain name'),
        v('networking.advertisedPort', 'port must be in the range [1, 65535]'),
      ],
    ],
    [
      'available-service tags at the singular availableService path',
      `
networking: { address: 10.0.0.1, port: 10001 }
availableServices:
- { tags: { kuma.io/service: a } }
- { tags: { version: null } }
- { tags: { kuma.io/service: b, "bad key": x } }`,
      [
        v('availableService[1].tags["version"]', 'tag value must be non-empty'),
        v('availableService[1].tags', 'mandatory tag "kuma.io/service" is missing'),
        v('availableService[2].tags["bad key"]', 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
      ],
    ],
  ];
  for (const [name, yaml, expected] of cases) it(name, () => assert.deepEqual(validateZoneIngress(zoneIngress(yaml)), expected));
});
