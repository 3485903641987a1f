import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type Dataplane, decodeDataplane } from '../resources/dataplane.js';
import { validateDataplane } from './dataplane-validator.js';
import type { Violation } from './violation.js';

/** Given universal YAML, decode it with the real decoder (which must accept it). */
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

describe('validateDataplane: valid dataplanes (Kuma\'s "should pass validation" table)', () => {
  check([
    {
      name: 'sidecar with inbound and outbound',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend, version: "1" } }]
  outbound: [{ port: 3333, tags: { kuma.io/service: redis } }]`,
    },
    {
      name: 'full inbounds and outbounds on IPv6',
      expected: [],
      yaml: `
networking:
  address: 0:0:0:0:0:FFFF:C0A8:0001
  inbound: [{ port: 8080, servicePort: 7777, address: "::1", tags: { kuma.io/service: backend } }]
  outbound: [{ port: 3333, address: "::1", tags: { kuma.io/service: redis } }]`,
    },
    {
      name: 'delegated gateway with protocol tcp and outbounds',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { tags: { kuma.io/service: backend, kuma.io/protocol: tcp, version: "1", kuma.io/valid: abc.0123-789.under_score:90 } }
  outbound: [{ port: 3333, tags: { kuma.io/service: redis } }]`,
    },
    {
      name: 'domain name as address',
      expected: [],
      yaml: `
networking:
  address: example.com
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]`,
    },
    {
      name: 'probes and a service probe',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound:
  - port: 8080
    serviceProbe: { interval: 1s, unhealthyThreshold: 5, tcp: {} }
    tags: { kuma.io/service: backend }
probes:
  port: 9000
  endpoints: [{ inboundPort: 8088, inboundPath: /healthz, path: /8080/healthz }]`,
    },
    {
      name: 'admin port equal to inbound and outbound ports on other interfaces',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  admin: { port: 8080 }
  inbound: [{ port: 8080, servicePort: 7777, address: 192.168.0.1, tags: { kuma.io/service: backend } }]
  outbound: [{ port: 3333, address: 192.168.0.1, tags: { kuma.io/service: redis } }]`,
    },
    {
      name: 'prometheus metrics with unique aggregate names',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
metrics:
  type: prometheus
  conf: { aggregate: [{ name: app, port: 123, path: /stats }, { name: sidecar, port: 999, path: /metrics }] }`,
    },
    {
      name: 'backendRef outbounds (MeshService with port, MeshExternalService without, labels)',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
  outbound:
  - { port: 3333, backendRef: { kind: MeshService, name: xyz, port: 80 } }
  - { port: 3334, backendRef: { kind: MeshExternalService, name: xyz } }
  - { port: 3335, backendRef: { kind: MeshService, labels: { kuma.io/display-name: redis }, port: 8080 } }`,
    },
    {
      name: 'reachable backend refs by name, by name and namespace, and by labels',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
  transparentProxying:
    reachableBackends:
      refs:
      - { kind: MeshService, name: a, port: 9090 }
      - { kind: MeshExternalService, name: es, namespace: es1 }
      - { kind: MeshService, labels: { kuma.io/test: abc } }`,
    },
    {
      name: 'builtin gateway with a service tag',
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: edge } }`,
    },
    {
      name: "inbound protocol in upper case and tls (Kuma's ParseProtocol lower-cases and knows tls)",
      expected: [],
      yaml: `
networking:
  address: 192.168.0.1
  inbound:
  - { port: 8080, tags: { kuma.io/service: a, kuma.io/protocol: HTTP } }
  - { port: 8081, tags: { kuma.io/service: b, kuma.io/protocol: tls } }`,
    },
  ]);
});

describe('validateDataplane: R0 networking is required', () => {
  check([{ name: 'missing networking stops validation', yaml: 'probes: { port: 0 }', expected: [v('networking', 'must be defined')] }]);
});

describe('validateDataplane: R1 admin port', () => {
  check([
    {
      name: 'equal to an inbound listener on 127.0.0.1',
      yaml: `
networking:
  address: 192.168.0.1
  admin: { port: 8080 }
  inbound: [{ port: 8080, servicePort: 7777, address: 127.0.0.1, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.admin.port', 'must differ from inbound')],
    },
    {
      name: 'equal to a workload port on the dataplane address 0.0.0.0 (wildcard overlaps)',
      yaml: `
networking:
  address: 192.168.0.1
  admin: { port: 7777 }
  inbound: [{ port: 8080, servicePort: 7777, serviceAddress: 0.0.0.0, tags: { kuma.io/service: backend } }]`,
      expected: [v('networking.admin.port', 'must differ from inbound')],
    },
    {
      name: 'equal to an outbound on the default 127.0.0.1',
      yaml: `
networking:
  address: 192.168.0.1
  admin: { port: 3333 }
  inbound: [{ port: 8080, servicePort: 7777, address: 127.0.0.1, tags: { kuma.io/service: backend } }]
  outbound: [{ port: 3333, tags: { kuma.io/service: redis } }]`,
      expected: [v('networking.admin.port', 'must differ from outbound')],
    },
    {
      name: 'outbound on ::ffff:127.0.0.1 overlaps too',
      yaml: `
networking:
  address: 192.168.0.1
  admin: { port: 3333 }
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
  outbound: [{ port: 3333, address: "::ffff:127.0.0.1", tags: { kuma.io/service: redis } }]`,
      expected: [v('networking.admin.port', 'must differ from outbound')],
    },
  ]);
});

describe('validateDataplane: R2 mode switch', () => {
  check([
    {
      name: 'delegated gateway with inbounds',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, servicePort: 7777, tags: { kuma.io/service: backend } }]
  gateway: { tags: { kuma.io/service: kong } }`,
      expected: [v('networking.inbound', 'inbound cannot be defined for delegated gateways')],
    },
    {
      name: 'builtin gateway with inbounds',
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: kong } }
  inbound: [{ port: 3333, tags: { kuma.io/service: kong } }]`,
      expected: [v('networking.inbound', 'inbound cannot be defined for builtin gateways')],
    },
    {
      name: 'builtin gateway with outbounds',
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: kong } }
  outbound: [{ port: 3333, tags: { kuma.io/service: kong } }]`,
      expected: [v('networking.outbound', 'outbound cannot be defined for builtin gateways')],
    },
    {
      name: 'builtin gateway with probes (reported at networking.probes, probes not validated)',
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: kong } }
probes: { port: 0, endpoints: [{ inboundPort: 8088, inboundPath: /healthz, path: /8080/healthz }] }`,
      expected: [v('networking.probes', 'probes cannot be defined for builtin gateways')],
    },
    {
      name: 'builtin gateway ignores metrics',
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { type: BUILTIN, tags: { kuma.io/service: kong } }
metrics: { type: custom }`,
      expected: [],
    },
    {
      name: 'sidecar without inbounds',
      yaml: `
networking:
  address: 192.168.0.1
  outbound: [{ port: 3333, tags: { kuma.io/service: redis } }]`,
      expected: [v('networking', 'has to contain at least one inbound interface or gateway')],
    },
    {
      name: 'empty networking: no inbound and no address',
      yaml: 'networking: {}',
      expected: [
        v('networking', 'has to contain at least one inbound interface or gateway'),
        v('networking.address', "address can't be empty"),
      ],
    },
  ]);
});

describe('validateDataplane: G gateway tags', () => {
  const gateway = (tags: string, type = 'DELEGATED'): string => `
networking:
  address: 192.168.0.1
  gateway: { type: ${type}, tags: ${tags} }`;
  check([
    {
      name: 'delegated: no kuma.io/service',
      yaml: gateway('{ version: v1 }'),
      expected: [v('networking.gateway.tags', 'mandatory tag "kuma.io/service" is missing')],
    },
    {
      name: 'builtin: no kuma.io/service',
      yaml: gateway('{ foo: bar }', 'BUILTIN'),
      expected: [v('networking.gateway.tags', 'mandatory tag "kuma.io/service" is missing')],
    },
    {
      name: 'empty tag value',
      yaml: gateway('{ kuma.io/service: backend, version: null }'),
      expected: [v('networking.gateway.tags["version"]', 'tag value must be non-empty')],
    },
    {
      name: 'protocol other than tcp (checked first)',
      yaml: gateway('{ kuma.io/service: backend, kuma.io/protocol: http, "x y": z }'),
      expected: [
        v('networking.gateway.tags["kuma.io/protocol"]', 'other values than tcp are not allowed, provided value "http"'),
        v('networking.gateway.tags["x y"]', 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
      ],
    },
  ]);
});

describe('validateDataplane: P probes', () => {
  check([
    {
      name: 'virtual probe ports and paths',
      yaml: `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
probes:
  port: 0
  endpoints:
  - { inboundPort: 8088, inboundPath: /healthz, path: /8080/healthz }
  - { inboundPort: 99999999, inboundPath: healthz, path: 8080/healthz }
  - { inboundPort: 1000, inboundPath: null, path: "" }`,
      expected: [
        v('probes.port', 'port must be in the range [1, 65535]'),
        v('probes.endpoints[1].inboundPort', 'port must be in the range [1, 65535]'),
        v('probes.endpoints[1].inboundPath', 'should be a valid URL Path'),
        v('probes.endpoints[1].path', 'should be a valid URL Path'),
        v('probes.endpoints[2].inboundPath', 'should be a valid URL Path'),
        v('probes.endpoints[2].path', 'should be a valid URL Path'),
      ],
    },
    {
      name: 'delegated gateways validate probes too',
      yaml: `
networking:
  address: 192.168.0.1
  gateway: { tags: { kuma.io/service: kong } }
probes: { port: 9000, endpoints: [{ inboundPort: 8080, inboundPath: "/%zz", path: "http://[::1]:80/x" }] }`,
      expected: [v('probes.endpoints[0].inboundPath', 'should be a valid URL Path')],
    },
  ]);
});

describe('validateDataplane: M metrics', () => {
  const sidecar = (metrics: string): string => `
networking:
  address: 192.168.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: backend } }]
metrics: ${metrics}`;
  check([
    {
      name: 'unknown backend type',
      yaml: sidecar('{ type: custom-backend }'),
      expected: [v('metrics.type', 'unknown backend type. Available backends: "prometheus"')],
    },
    {
      name: 'duplicate aggregate names',
      yaml: sidecar(`
  type: prometheus
  conf:
    aggregate:
    - { name: app, port: 123, path: /stats }
    - { name: app, port: 999, path: /metrics }
    - { name: duplicate-app, port: 12366, path: /duplicate }
    - { name: duplicate-app, port: 12345, path: /other }`),
      expected: [
        v('metrics.conf.aggregate[1].name', 'duplicate entry: app, values have to be unique'),
        v('metrics.conf.aggregate[3].name', 'duplicate entry: duplicate-app, values have to be unique'),
      ],
    },
    {
      name: 'conf that does not decode',
      yaml: sidecar('{ type: prometheus, conf: { port: "abc" } }'),
      expected: [v('metrics.conf', "could not parse config: invalid character 'a' looking for beginning of value")],
    },
    {
      name: 'skipMTLS conflicting with tls',
      yaml: sidecar('{ type: prometheus, conf: { skipMTLS: true, tls: { mode: activeMTLSBackend } } }'),
      expected: [v('metrics.conf', 'skipMTLS and tls configuration cannot be defined together')],
    },
    {
      name: 'skipMTLS agreeing with tls is fine',
      yaml: sidecar('{ type: prometheus, conf: { skipMTLS: true, tls: { mode: disabled } } }'),
      expected: [],
    },
    {
      name: 'bad filter regex',
      yaml: sidecar('{ type: prometheus, conf: { envoy: { filterRegex: "(" } } }'),
      expected: [v('metrics.conf.envoy.filterRegex', "provided regexp isn't correct: error parsing regexp: missing closing ): `(`")],
    },
  ]);
});

describe('validateDataplane: the valid path', () => {
  it('returns an empty array for a typical dataplane, twice (no state kept between calls)', () => {
    // given
    const dp = dataplane(`
networking:
  address: 10.0.0.1
  admin: { port: 9901 }
  inbound:
  - { port: 8080, servicePort: 80, tags: { kuma.io/service: web, kuma.io/protocol: http, version: v1 } }
  - { port: 8081, tags: { kuma.io/service: web-admin, kuma.io/protocol: tcp, team: core } }
  outbound:
  - { port: 3333, tags: { kuma.io/service: redis } }
  - { port: 3334, tags: { kuma.io/service: db } }
  - { port: 3335, backendRef: { kind: MeshService, name: api, port: 80 } }`);
    // then
    assert.deepEqual(validateDataplane(dp), []);
    assert.deepEqual(validateDataplane(dp), []);
  });
});
