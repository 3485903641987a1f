import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identitySans, identityServices } from './identity-sans.js';

describe('identitySans', () => {
  it('lists SPIFFE IDs of the services, then every tag value as kuma://<key>/<value>, sorted', () => {
    const sans = identitySans('default', [{ 'kuma.io/service': 'web', version: 'v1' }, { 'kuma.io/service': 'web-api' }]);
    assert.deepEqual(sans, [
      'spiffe://default/web',
      'spiffe://default/web-api',
      'kuma://kuma.io/service/web',
      'kuma://kuma.io/service/web-api',
      'kuma://version/v1',
    ]);
  });

  it('names a value once however many tag sets carry it, and sorts keys and values byte-wise', () => {
    const sans = identitySans('m', [
      { 'kuma.io/service': 'b', zone: 'z', Team: 'x', version: 'v2' },
      { 'kuma.io/service': 'a', zone: 'z', version: 'v1' },
      { 'kuma.io/service': 'b', version: 'v1' },
    ]);
    assert.deepEqual(sans, [
      'spiffe://m/a',
      'spiffe://m/b',
      'kuma://Team/x',
      'kuma://kuma.io/service/a',
      'kuma://kuma.io/service/b',
      'kuma://version/v1',
      'kuma://version/v2',
      'kuma://zone/z',
    ]);
  });

  it('gives a ZoneEgress its zone-egress identity', () => {
    assert.deepEqual(identitySans('default', [{ 'kuma.io/service': 'zone-egress' }]), [
      'spiffe://default/zone-egress',
      'kuma://kuma.io/service/zone-egress',
    ]);
  });

  it('has no SANs for no tags', () => {
    assert.deepEqual(identitySans('default', []), []);
    assert.deepEqual(identityServices([{ version: 'v1' }]), []);
  });
});
