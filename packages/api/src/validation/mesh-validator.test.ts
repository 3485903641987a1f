import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type Mesh, decodeMesh } from '../resources/mesh.js';
import { validateMesh } from './mesh-validator.js';
import type { Violation } from './violation.js';

function mesh(yaml: string): Mesh {
  const decoded = decodeMesh({ type: 'Mesh', name: 'default', ...(parse(yaml) ?? {}) });
  assert.ok(decoded.ok, `decoding failed: ${JSON.stringify(decoded)}`);
  return decoded.value;
}

const v = (field: string, message: string): Violation => ({ field, message });

describe('validateMesh', () => {
  const cases: readonly (readonly [string, string, readonly Violation[]])[] = [
    ['an empty mesh', '', []],
    [
      'a full valid mesh',
      `
mtls: { enabledBackend: ca-1, backends: [{ name: ca-1, type: builtin, dpCert: { rotation: { expiration: 1d } } }] }
routing: { zoneEgress: true, localityAwareLoadBalancing: true }
logging: { defaultBackend: file, backends: [{ name: file, type: file, conf: { path: /tmp/log } }, { name: tcp, type: tcp, conf: { address: "127.0.0.1:5000" } }] }
tracing: { defaultBackend: zipkin, backends: [{ name: zipkin, type: zipkin, sampling: 50, conf: { url: "http://zipkin:9411/api/v2/spans" } }, { name: dd, type: datadog, conf: { address: dd, port: 8126 } }] }
metrics: { enabledBackend: prom, backends: [{ name: prom, type: prometheus, conf: { port: 5670, path: /metrics } }] }
constraints: { dataplaneProxy: { requirements: [{ tags: { kuma.io/zone: "*" } }], restrictions: [{ tags: { env: dev/test } }] } }`,
      [],
    ],
    ['zoneEgress without an enabled mTLS backend', 'routing: { zoneEgress: true }', [v('mtls', 'has to be set when zoneEgress enabled')]],
    [
      'zoneEgress with mTLS defined but not enabled',
      'mtls: { backends: [{ name: ca-1, type: builtin }] }\nrouting: { zoneEgress: true }',
      [v('mtls', 'has to be set when zoneEgress enabled')],
    ],
    [
      'mtls: too many backends, a duplicate, an unknown enabled backend, a bad dpCert expiration',
      `
mtls:
  enabledBackend: ca-3
  backends:
  - { name: ca-1, type: builtin, dpCert: { rotation: { expiration: 1 day } } }
  - { name: ca-1, type: builtin, dpCert: {} }`,
      [
        v('mtls.backends', 'cannot have more than 1 backends'),
        v('mtls.backends[1].name', '"ca-1" name is already used for another backend'),
        v('mtls.enabledBackend', 'has to be set to one of the backends in the mesh'),
        v('mtls.dpcert.rotation.expiration', 'has to be a valid format'),
        v('mtls.dpcert.rotation.expiration', 'has to be a valid format'),
      ],
    ],
    [
      'logging backends',
      `
logging:
  defaultBackend: nope
  backends:
  - { name: "", type: file, conf: {} }
  - { name: a, type: tcp, conf: { address: no-port } }
  - { name: a, type: syslog }
  - { name: b, type: tcp, conf: { address: 1 } }`,
      [
        v('logging.backends[0].name', 'cannot be empty'),
        v('logging.backends[0].config.path', 'cannot be empty'),
        v('logging.backends[1].config.address', 'has to be in format of HOST:PORT'),
        v('logging.backends[2].type', 'unknown backend type. Available backends: "tcp", "file"'),
        v('logging.backends[2].name', '"a" name is already used for another backend'),
        v('logging.backends[3].config', 'could not parse config: json: cannot unmarshal number into Go value of type string'),
        v('logging.defaultBackend', 'has to be set to one of the logging backend in mesh'),
      ],
    ],
    [
      'tracing backends',
      `
tracing:
  defaultBackend: nope
  backends:
  - { name: z1, type: zipkin, sampling: 101, conf: { url: "http://zipkin/api", apiVersion: v3 } }
  - { name: z2, type: zipkin, conf: {} }
  - { name: z3, type: zipkin, conf: { url: "zipkin/spans" } }
  - { name: d1, type: datadog, conf: { port: 0 } }
  - { name: d1, type: jaeger }`,
      [
        v('tracing.backends[0].sampling', 'has to be in [0.0 - 100.0] range'),
        v('tracing.backends[0].config.apiVersion', 'has invalid value. Allowed values: httpJsonV1, httpJson, httpProto'),
        v('tracing.backends[0].config.url', 'port has to be explicitly specified'),
        v('tracing.backends[1].config.url', 'cannot be empty'),
        v('tracing.backends[2].config.url', 'invalid URL'),
        v('tracing.backends[3].config.address', 'cannot be empty'),
        v('tracing.backends[3].config.port', 'port must be in the range [1, 65535]'),
        v('tracing.backends[4].type', 'unknown backend type. Available backends: "zipkin", "datadog"'),
        v('tracing.backends[4].name', '"d1" name is already used for another backend'),
        v('tracing.defaultBackend', 'has to be set to one of the tracing backend in mesh'),
      ],
    ],
    [
      'metrics backends: duplicate name is reported before the type',
      `
metrics:
  enabledBackend: nope
  backends:
  - { name: p, type: prometheus, conf: { skipMTLS: true, tls: { mode: activeMTLSBackend } } }
  - { name: p, type: graphite }`,
      [
        v('metrics.backends[0].conf', 'skipMTLS and tls configuration cannot be defined together'),
        v('metrics.backends[1].name', '"p" name is already used for another backend'),
        v('metrics.backends[1].type', 'unknown backend type. Available backends: "prometheus"'),
        v('metrics.enabledBackend', 'has to be set to one of the backends in the mesh'),
      ],
    ],
    [
      'constraints use the selector rules',
      `
constraints:
  dataplaneProxy:
    requirements: [{ tags: {} }]
    restrictions: [{ tags: { "": x, a: "b c" } }]`,
      [
        v('constraints.dataplaneProxy.requirements[0].tags', 'must have at least one tag'),
        v('constraints.dataplaneProxy.restrictions[0].tags', 'tag name must be non-empty'),
        v(
          'constraints.dataplaneProxy.restrictions[0].tags["a"]',
          'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
        ),
      ],
    ],
    [
      "sections come in Kuma's order: mtls, logging, tracing, metrics, constraints, zone egress",
      `
routing: { zoneEgress: true }
constraints: { dataplaneProxy: { requirements: [{ tags: {} }] } }
metrics: { backends: [{ name: m, type: x }] }
tracing: { backends: [{ name: t, type: x }] }
logging: { backends: [{ name: l, type: x }] }
mtls: { enabledBackend: x }`,
      [
        v('mtls.enabledBackend', 'has to be set to one of the backends in the mesh'),
        v('logging.backends[0].type', 'unknown backend type. Available backends: "tcp", "file"'),
        v('tracing.backends[0].type', 'unknown backend type. Available backends: "zipkin", "datadog"'),
        v('metrics.backends[0].type', 'unknown backend type. Available backends: "prometheus"'),
        v('constraints.dataplaneProxy.requirements[0].tags', 'must have at least one tag'),
      ],
    ],
  ];
  for (const [name, yaml, expected] of cases) it(name, () => assert.deepEqual(validateMesh(mesh(yaml)), expected));
});
