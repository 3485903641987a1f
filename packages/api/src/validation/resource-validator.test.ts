import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeResource } from '../decoding/resource-decoder.js';
import type { Resource } from '../registry/resource-type-registry.js';
import { RFC1123_MESSAGE } from './identifier-validator.js';
import { validateResource, validateResourceSpec } from './resource-validator.js';

function resource(input: Record<string, unknown>): Resource {
  const decoded = decodeResource(input);
  assert.ok(decoded.ok, `decoding failed: ${JSON.stringify(decoded)}`);
  return decoded.value;
}

describe('validateResource', () => {
  it('reports spec violations on their own, even when the meta is also wrong', () => {
    // given a Dataplane with a bad name and no networking
    const dp = resource({ type: 'Dataplane', name: 'DP_1', mesh: 'default' });
    // then only the spec violation comes back, as from Kuma's REST PUT
    assert.deepEqual(validateResource(dp), [{ field: 'networking', message: 'must be defined' }]);
  });

  it('reports meta violations once the spec is valid', () => {
    const dp = resource({
      type: 'Dataplane',
      name: 'DP_1',
      mesh: 'Default',
      networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
    });
    assert.deepEqual(validateResource(dp), [
      { field: 'name', message: RFC1123_MESSAGE },
      { field: 'mesh', message: "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols." },
    ]);
  });

  const validResources: readonly (readonly [string, Record<string, unknown>])[] = [
    ['Mesh', { type: 'Mesh', name: 'default' }],
    ['ZoneIngress', { type: 'ZoneIngress', name: 'zi-1', networking: { port: 10001 } }],
    ['ZoneEgress', { type: 'ZoneEgress', name: 'ze-1', networking: { port: 10002 } }],
    ['Zone (no spec rules)', { type: 'Zone', name: 'zone-1' }],
  ];
  for (const [name, input] of validResources) it(`accepts a valid ${name}`, () => assert.deepEqual(validateResource(resource(input)), []));

  it('dispatches each type to its own spec rules', () => {
    assert.deepEqual(validateResourceSpec(resource({ type: 'ZoneIngress', name: 'zi-1' })), [
      { field: 'networking.port', message: 'port must be in the range [1, 65535]' },
    ]);
    assert.deepEqual(validateResourceSpec(resource({ type: 'Mesh', name: 'm', routing: { zoneEgress: true } })), [
      { field: 'mtls', message: 'has to be set when zoneEgress enabled' },
    ]);
    assert.deepEqual(validateResourceSpec(resource({ type: 'ZoneEgress', name: 'ze' })), [
      { field: 'networking.port', message: 'port must be in the range [1, 65535]' },
    ]);
  });

  it('checks the meta of types without spec rules', () => {
    assert.deepEqual(validateResource(resource({ type: 'Zone', name: 'Zone_1' })), [{ field: 'name', message: RFC1123_MESSAGE }]);
  });
});
