import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlDocuments } from '../decoding/yaml-documents.js';
import { type ZoneIngress, decodeZoneIngress } from './zone-ingress.js';

describe('decodeZoneIngress', () => {
  it("given Kuma's ZoneIngress example when decoded then networking and availableServices are typed", () => {
    const text = `
type: ZoneIngress
name: zi-1
zone: ""
networking: {address: 192.168.0.1, port: 10001, advertisedAddress: 10.0.0.1, advertisedPort: 10001, admin: {port: 9901}}
availableServices:
- tags: {kuma.io/service: backend, kuma.io/zone: zone-1, version: v1, kuma.io/protocol: http}
  instances: 2
  mesh: default
  externalService: false
`;
    const result = decodeZoneIngress(parseYamlDocuments(text)[0]?.value);
    assert.ok(result.ok);
    const expected: ZoneIngress = {
      type: 'ZoneIngress',
      name: 'zi-1',
      labels: {},
      zone: '',
      networking: {
        address: '192.168.0.1',
        advertisedAddress: '10.0.0.1',
        port: 10001,
        advertisedPort: 10001,
        admin: { port: 9901 },
      },
      availableServices: [
        {
          tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-1', version: 'v1', 'kuma.io/protocol': 'http' },
          instances: 2,
          mesh: 'default',
          externalService: false,
        },
      ],
    };
    assert.deepEqual(result.value, expected);
  });

  it('given a mesh field on this global-scoped type when decoded then it is dropped', () => {
    const result = decodeZoneIngress({ type: 'ZoneIngress', mesh: 'default', name: 'zi-1' });
    assert.ok(result.ok);
    assert.equal('mesh' in result.value, false);
  });

  it('given a bad availableServices entry when decoded then the issue path indexes it', () => {
    const result = decodeZoneIngress({ availableServices: [{ instances: 'many' }] });
    assert.deepEqual(result, {
      ok: false,
      issues: [{ field: 'availableServices[0].instances', message: 'expected an unsigned 32-bit integer, got "many"' }],
    });
  });
});
