import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type ZoneEgress, decodeZoneEgress } from '../resources/zone-egress.js';
import type { Violation } from './violation.js';
import { validateZoneEgress } from './zone-egress-validator.js';

function zoneEgress(yaml: string): ZoneEgress {
  const decoded = decodeZoneEgress({ type: 'ZoneEgress', name: 'ze-1', ...(parse(yaml) ?? {}) });
  assert.ok(decoded.ok, `decoding failed: ${JSON.stringify(decoded)}`);
  return decoded.value;
}

const v = (field: string, message: string): Violation => ({ field, message });

describe('validateZoneEgress', () => {
  const cases: readonly (readonly [string, string, readonly Violation[]])[] = [
    ['valid', 'networking: { address: 192.168.0.2, port: 10002, admin: { port: 9901 } }', []],
    ['no address is fine', 'networking: { port: 10002 }', []],
    ['no networking: the port is mandatory', '', [v('networking.port', 'port must be in the range [1, 65535]')]],
    [
      'admin port equal to port on 127.0.0.1',
      'networking: { address: 127.0.0.1, port: 10002, admin: { port: 10002 } }',
      [v('networking.admin.port', 'must differ from port')],
    ],
    ['admin port equal to port on another address is fine', 'networking: { address: 10.0.0.1, port: 10002, admin: { port: 10002 } }', []],
    [
      'address uses N1 at networking.address.address',
      'networking: { address: "a b", port: 0 }',
      [
        v('networking.address.address', 'address has to be valid IP address or domain name'),
        v('networking.port', 'port must be in the range [1, 65535]'),
      ],
    ],
  ];
  for (const [name, yaml, expected] of cases) it(name, () => assert.deepEqual(validateZoneEgress(zoneEgress(yaml)), expected));
});
