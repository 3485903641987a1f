import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeZone, isZoneEnabled } from './zone.js';

describe('decodeZone', () => {
  const cases: ReadonlyArray<readonly [string, unknown, boolean | undefined, boolean]> = [
    ['enabled: true', true, true, true],
    ['enabled: false', false, false, false],
    ['enabled unset', undefined, undefined, true],
    ['enabled: null', null, undefined, true],
  ];
  for (const [label, enabled, decoded, effective] of cases) {
    it(`given ${label} when decoded then enabled is ${String(decoded)} and the zone is ${effective ? 'on' : 'off'}`, () => {
      const result = decodeZone({ type: 'Zone', name: 'zone-1', enabled });
      assert.ok(result.ok);
      assert.equal(result.value.enabled, decoded);
      assert.equal(isZoneEnabled(result.value), effective);
    });
  }

  it('given enabled as a string when decoded then it is an issue (BoolValue takes JSON booleans only)', () => {
    assert.deepEqual(decodeZone({ name: 'z', enabled: 'true' }), {
      ok: false,
      issues: [{ field: 'enabled', message: 'expected a boolean, got string' }],
    });
  });
});
