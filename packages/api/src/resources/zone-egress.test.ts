import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeZoneEgress } from './zone-egress.js';

describe('decodeZoneEgress', () => {
  it("given Kuma's ZoneEgress example when decoded then networking is typed", () => {
    const result = decodeZoneEgress({
      type: 'ZoneEgress',
      name: 'ze-1',
      zone: '',
      networking: { address: '192.168.0.2', port: 10002, admin: { port: 9901 } },
    });
    assert.deepEqual(result, {
      ok: true,
      value: {
        type: 'ZoneEgress',
        name: 'ze-1',
        labels: {},
        zone: '',
        networking: { address: '192.168.0.2', port: 10002, admin: { port: 9901 } },
      },
    });
  });
});
