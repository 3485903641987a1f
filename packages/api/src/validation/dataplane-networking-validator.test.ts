import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type Dataplane, decodeDataplane } from '../resources/dataplane.js';
import { validateDataplane } from './dataplane-validator.js';
import type { Violation } from './violation.js';

/** Given universal YAML, decode it with the real decoder (which must accept it). Rules N1–N4, through validateDataplane. */
function dataplane(yaml: string): Dataplane {
  const decoded = decodeDataplane({ type: 'Dataplane', name: 'dp-1', mesh: 'default', ...parse(yaml) });
  assert.ok(decoded.ok, `decoding failed: ${JSON.stringify(decoded)}`);
  return decoded.value;
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly expected: readonly Violation[];
}

function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      // when
      const violations = validateDataplane(dataplane(c.yaml));
      // then
      assert.deepEqual(violations, c.expected);
    });
  }
}

const v = (field: string, message: string): Violation => ({ field, message });

describe('validateDataplane: N1 networking.address', () => {
  const withAddress = (address: string): string => `
networking:
  address: "${address}"
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]`;
  check([
    { name: 'empty', yaml: withAddress(''), expected: [v('networking.address', "address can't be empty")] },
    { name: '0.0.0.0', yaml: withAddress('0.0.0.0'), expected: [v('networking.address', 'must not be 0.0.0.0 or ::')] },
    { name: '::', yaml: withAddress('::'), expected: [v('networking.address', 'must not be 0.0.0.0 or ::')] },
    {
      name: 'neither IP nor domain name',
      yaml: withAddress('..>_<..'),
      expected: [v('networking.address', 'address has to be valid IP address or domain name')],
    },
    { name: 'IPv4 with a leading zero is not an IP, but is a DNS name', yaml: withAddress('010.0.0.1'), expected: [] },
    {
      name: 'IPv6 with a zone is neither',
      yaml: withAddress('fe80::1%eth0'),
      expected: [v('networking.address', 'address has to be valid IP address or domain name')],
    },
  ]);
});

describe('validateDataplane: N2 inbounds', () => {
  check([
    {
      name: 'port 0 and 65536',
      yaml: `
networking:
  address: 192.168.0.1
  inbound:
  - tags: { kuma.io/service: backend }
  - { port: 65536, tags: { kuma.io/service: sub-backend } }`,
      expected: [
        v('networking.inbound[0].port', 'port must be in the range [1, 65535]'),
        v('networking.inbound[1].port', 'port must be in the range [1, 65535]'),
      ],
    },
    {
      name: 'servicePort out of range',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, servicePort: 65536, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].servicePort', 'port must be in the range [1, 65535]')],
    },
    {
      name: 'serviceAddress not an IP',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 10001, serviceAddress: INVALID, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].serviceAddress', 'serviceAddress has to be valid IP address')],
    },
    {
      name: 'serviceAddress equal to networking.address on the same port',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 10001, serviceAddress: 192.168.0.1, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].serviceAddress', 'serviceAddress and servicePort has to differ from address and port')],
    },
    {
      name: 'serviceAddress equal to the inbound address on the same port',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 10001, address: 192.168.0.2, serviceAddress: 192.168.0.2, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].serviceAddress', 'serviceAddress and servicePort has to differ from address and port')],
    },
    {
      name: 'serviceAddress equal to the inbound address on another port is fine',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 10001, address: 192.168.0.2, serviceAddress: 192.168.0.2, servicePort: 10002, tags: { kuma.io/service: backend } }]`,
    },
    {
      name: 'inbound address not an IP',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, address: invalid-address, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].address', 'address has to be valid IP address')],
    },
    {
      name: 'no kuma.io/service tag',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { version: v1 } }]`,
      expected: [v('networking.inbound[0].tags["kuma.io/service"]', 'tag has to exist')],
    },
    {
      name: 'empty tag value',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { kuma.io/service: backend, version: null } }]`,
      expected: [v('networking.inbound[0].tags["version"]', 'tag value must be non-empty')],
    },
    {
      name: 'empty protocol: the protocol check comes before the per-key checks',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { kuma.io/service: backend, kuma.io/protocol: "" } }]`,
      expected: [
        v(
          'networking.inbound[0].tags["kuma.io/protocol"]',
          'tag "kuma.io/protocol" has an invalid value "". Allowed values: grpc, http, http2, kafka, tcp',
        ),
        v('networking.inbound[0].tags["kuma.io/protocol"]', 'tag value must be non-empty'),
      ],
    },
    {
      name: 'unsupported protocol',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { kuma.io/service: backend, kuma.io/protocol: not-yet-supported-protocol } }]`,
      expected: [
        v(
          'networking.inbound[0].tags["kuma.io/protocol"]',
          'tag "kuma.io/protocol" has an invalid value "not-yet-supported-protocol". Allowed values: grpc, http, http2, kafka, tcp',
        ),
      ],
    },
    {
      name: 'invalid tag name and value characters, in sorted key order',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { kuma.io/service: backend, invalidTagValue: "inv@lid+t@g", "inv@lidT/gN%me": value } }]`,
      expected: [
        v(
          'networking.inbound[0].tags["inv@lidT/gN%me"]',
          'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
        ),
        v(
          'networking.inbound[0].tags["invalidTagValue"]',
          'tag value must consist of alphanumeric characters, dots, dashes and underscores',
        ),
      ],
    },
    {
      name: 'empty tag name, reported at the tags path',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 1234, tags: { "": x, kuma.io/service: backend } }]`,
      expected: [v('networking.inbound[0].tags', 'tag name must be non-empty')],
    },
    {
      name: 'service probe: zero interval and zero unhealthy threshold',
      yaml: `
networking:
  address: 192.168.0.1
  inbound:
  - port: 8080
    serviceProbe: { timeout: 1s, interval: "0", healthyThreshold: 5, unhealthyThreshold: 0, tcp: {} }
    tags: { kuma.io/service: backend }`,
      expected: [
        v('networking.inbound[0].serviceProbe.interval', 'must have a positive value'),
        v('networking.inbound[0].serviceProbe.unhealthyThreshold', 'must have a positive value'),
      ],
    },
    {
      name: 'service probe: zero timeout and healthy threshold',
      yaml: `
networking:
  address: 192.168.0.1
  inbound:
  - port: 8080
    serviceProbe: { timeout: 0s, healthyThreshold: 0 }
    tags: { kuma.io/service: backend }`,
      expected: [
        v('networking.inbound[0].serviceProbe.timeout', 'must have a positive value'),
        v('networking.inbound[0].serviceProbe.healthyThreshold', 'must have a positive value'),
      ],
    },
    {
      name: 'inbound violations come in Kuma\'s order, then "tag has to exist"',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 0, servicePort: 70000, serviceAddress: x, address: y, tags: { a: "" } }]`,
      expected: [
        v('networking.inbound[0].port', 'port must be in the range [1, 65535]'),
        v('networking.inbound[0].servicePort', 'port must be in the range [1, 65535]'),
        v('networking.inbound[0].serviceAddress', 'serviceAddress has to be valid IP address'),
        v('networking.inbound[0].address', 'address has to be valid IP address'),
        v('networking.inbound[0].tags["a"]', 'tag value must be non-empty'),
        v('networking.inbound[0].tags["kuma.io/service"]', 'tag has to exist'),
      ],
    },
  ]);
});

describe('validateDataplane: N3 outbounds', () => {
  const sidecar = (outbound: string): string => `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
  outbound: ${outbound}`;
  check([
    {
      name: 'no tags at all',
      yaml: sidecar('[{ port: 3333 }]'),
      expected: [v('networking.outbound[0].tags', 'mandatory tag "kuma.io/service" is missing')],
    },
    {
      name: 'tags without kuma.io/service',
      yaml: sidecar('[{ port: 3333, tags: { version: v1 } }]'),
      expected: [v('networking.outbound[0].tags', 'mandatory tag "kuma.io/service" is missing')],
    },
    {
      name: 'port 0 and 65536',
      yaml: sidecar('[{ tags: { kuma.io/service: redis } }, { port: 65536, tags: { kuma.io/service: elastic } }]'),
      expected: [
        v('networking.outbound[0].port', 'port must be in the range [1, 65535]'),
        v('networking.outbound[1].port', 'port must be in the range [1, 65535]'),
      ],
    },
    {
      name: 'address not an IP',
      yaml: sidecar('[{ port: 3333, address: invalid, tags: { kuma.io/service: elastic } }]'),
      expected: [v('networking.outbound[0].address', 'address has to be valid IP address')],
    },
    {
      name: 'outbound tag characters use the standard rules',
      yaml: sidecar('[{ port: 3333, tags: { kuma.io/service: "a/b" } }]'),
      expected: [
        v(
          'networking.outbound[0].tags["kuma.io/service"]',
          'tag value must consist of alphanumeric characters, dots, dashes and underscores',
        ),
      ],
    },
    {
      name: 'empty backendRef',
      yaml: sidecar('[{ port: 3333, backendRef: {} }]'),
      expected: [
        v(
          'networking.outbound[0].backendRef.kind',
          'invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService',
        ),
        v('networking.outbound[0].backendRef', "either 'name' or 'labels' should be specified"),
        v('networking.outbound[0].backendRef.port', 'port must be in the range [1, 65535]'),
      ],
    },
    {
      name: 'backendRef together with tags, and a missing port',
      yaml: sidecar(`
  - { port: 3333, tags: { kuma.io/service: xyz }, backendRef: { kind: MeshService, name: xyz, port: 8080 } }
  - { port: 3334, tags: { service: xyz }, backendRef: { kind: MeshService, name: xyz } }`),
      expected: [
        v('networking.outbound[0].backendRef', 'both backendRef and tags/service cannot be defined'),
        v('networking.outbound[1].backendRef.port', 'port must be in the range [1, 65535]'),
        v('networking.outbound[1].backendRef', 'both backendRef and tags/service cannot be defined'),
      ],
    },
  ]);
});

describe('validateDataplane: N4 reachable backends (at Kuma\'s "transparentProxing" path)', () => {
  check([
    {
      name: 'every reachable-backend rule',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, servicePort: 7777, address: 192.168.0.1, tags: { kuma.io/service: backend } }]
  transparentProxying:
    reachableBackends:
      refs:
      - { kind: Something, name: first, labels: { kuma.io/test: test } }
      - { kind: MeshService, name: second, namespace: not-valid, labels: { kuma.io/test: test } }
      - { kind: MeshService, name: third, labels: { kuma.io/test: test } }
      - { kind: MeshService, name: first$-.kuma }
      - { kind: MeshService }
      - { kind: MeshService, namespace: xyz }
      - { kind: MeshService, name: ${'a'.repeat(254)} }`,
      expected: [
        v(
          'networking.transparentProxing.reachableBackends.refs[0].kind',
          'invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService',
        ),
        v('networking.transparentProxing.reachableBackends.refs[0].labels', 'labels cannot be defined when name is specified'),
        v('networking.transparentProxing.reachableBackends.refs[1].labels', 'labels cannot be defined when name is specified'),
        v('networking.transparentProxing.reachableBackends.refs[2].labels', 'labels cannot be defined when name is specified'),
        v(
          'networking.transparentProxing.reachableBackends.refs[3].name',
          "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        ),
        v('networking.transparentProxing.reachableBackends.refs[4].name', 'name or labels are required'),
        v('networking.transparentProxing.reachableBackends.refs[5].name', 'name is required, when namespace is defined'),
        v('networking.transparentProxing.reachableBackends.refs[6].name', 'value length must less or equal 253'),
      ],
    },
  ]);
});
