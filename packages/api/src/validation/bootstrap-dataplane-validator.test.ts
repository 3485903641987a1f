import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Dataplane, decodeDataplane } from '../resources/dataplane.js';
import { validateBootstrapDataplane } from './bootstrap-dataplane-validator.js';

function dataplane(networking: Record<string, unknown> | undefined): Dataplane {
  const decoded = decodeDataplane({ type: 'Dataplane', name: 'dp-1', mesh: 'default', networking });
  assert.ok(decoded.ok);
  return decoded.value;
}

const inbound = [{ port: 8080, tags: { 'kuma.io/service': 'web' } }];
const outbound = [{ port: 3333, tags: { 'kuma.io/service': 'redis' } }];

describe('validateBootstrapDataplane', () => {
  it('accepts outbounds without transparent proxying', () => {
    assert.deepEqual(validateBootstrapDataplane(dataplane({ address: '10.0.0.1', inbound, outbound }), false), []);
  });
  it('accepts transparent proxying without outbounds', () => {
    assert.deepEqual(validateBootstrapDataplane(dataplane({ address: '10.0.0.1', inbound }), true), []);
  });
  it('rejects explicit outbounds under transparent proxying', () => {
    assert.deepEqual(validateBootstrapDataplane(dataplane({ address: '10.0.0.1', inbound, outbound }), true), [
      { field: 'outbound', message: 'should be empty since dataplane is in Transparent Proxying mode' },
    ]);
  });
  it('reports spec violations alone', () => {
    assert.deepEqual(validateBootstrapDataplane(dataplane({ inbound, outbound }), true), [
      { field: 'networking.address', message: "address can't be empty" },
    ]);
  });
});
