import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlDocuments } from '../decoding/yaml-documents.js';
import { type Dataplane, decodeDataplane } from './dataplane.js';

function decodeYaml(text: string): Dataplane {
  const [document] = parseYamlDocuments(text);
  const result = decodeDataplane(document?.value);
  if (!result.ok) assert.fail(JSON.stringify(result.issues));
  return result.value;
}

describe('decodeDataplane', () => {
  it("given every field of Kuma's Dataplane when decoded then each lands in its typed place", () => {
    const dp = decodeYaml(`
type: Dataplane
mesh: default
name: dp-1
labels: {team: payments}
creationTime: "2024-05-01T10:00:00Z"
modificationTime: "2024-05-01T10:00:01.5+02:00"
networking:
  address: 192.168.0.1
  advertisedAddress: 10.0.0.1
  inbound:
  - port: 8080
    servicePort: 7777
    serviceAddress: 127.0.0.1
    address: 192.168.0.1
    tags: {kuma.io/service: backend, kuma.io/protocol: http, version: v1}
    health: {ready: true}
    serviceProbe: {interval: 10s, timeout: 2s, unhealthyThreshold: 3, healthyThreshold: 1, tcp: {}}
    state: NotReady
    name: http
  outbound:
  - port: 3333
    address: 127.0.0.1
    tags: {kuma.io/service: redis}
  - port: 3334
    backendRef: {kind: MeshService, name: redis, port: 6379, labels: {app: redis}}
  gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
  transparentProxying:
    redirectPortInbound: 15006
    redirectPortOutbound: 15001
    directAccessServices: ["*"]
    reachableServices: [redis]
    ipFamilyMode: IPv4
    reachableBackends:
      refs:
      - {kind: MeshService, name: redis, namespace: ns, port: 6379, labels: {app: redis}}
      - {kind: MeshExternalService, labels: {x: y}}
  admin: {port: 9901}
metrics: {type: prometheus, conf: {port: 5670, path: /metrics, skipMTLS: true}}
probes: {port: 9000, endpoints: [{inboundPort: 8080, inboundPath: /healthz, path: /8080/healthz}]}
envoy: {xdsTransportProtocolVariant: DELTA_GRPC}
`);
    const expected: Dataplane = {
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1',
      labels: { team: 'payments' },
      creationTime: '2024-05-01T10:00:00Z',
      modificationTime: '2024-05-01T10:00:01.5+02:00',
      networking: {
        address: '192.168.0.1',
        advertisedAddress: '10.0.0.1',
        inbound: [
          {
            port: 8080,
            servicePort: 7777,
            serviceAddress: '127.0.0.1',
            address: '192.168.0.1',
            tags: { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v1' },
            health: { ready: true },
            serviceProbe: {
              interval: { seconds: 10, nanos: 0 },
              timeout: { seconds: 2, nanos: 0 },
              unhealthyThreshold: 3,
              healthyThreshold: 1,
              tcp: {},
            },
            state: 'NotReady',
            name: 'http',
          },
        ],
        outbound: [
          { address: '127.0.0.1', port: 3333, tags: { 'kuma.io/service': 'redis' } },
          {
            address: '',
            port: 3334,
            tags: {},
            backendRef: { kind: 'MeshService', name: 'redis', port: 6379, labels: { app: 'redis' } },
          },
        ],
        gateway: { tags: { 'kuma.io/service': 'edge' }, type: 'BUILTIN' },
        transparentProxying: {
          redirectPortInbound: 15006,
          redirectPortOutbound: 15001,
          directAccessServices: ['*'],
          reachableServices: ['redis'],
          ipFamilyMode: 'IPv4',
          reachableBackends: {
            refs: [
              { kind: 'MeshService', name: 'redis', namespace: 'ns', port: 6379, labels: { app: 'redis' } },
              { kind: 'MeshExternalService', name: '', namespace: '', labels: { x: 'y' } },
            ],
          },
        },
        admin: { port: 9901 },
      },
      metrics: { name: '', type: 'prometheus', conf: { port: 5670, path: '/metrics', skipMTLS: true } },
      probes: { port: 9000, endpoints: [{ inboundPort: 8080, inboundPath: '/healthz', path: '/8080/healthz' }] },
      envoy: { xdsTransportProtocolVariant: 'DELTA_GRPC' },
    };
    assert.deepEqual(dp, expected);
  });

  it('given a Dataplane without networking when decoded then networking is undefined (the validator reports it)', () => {
    assert.equal(decodeYaml('type: Dataplane\nmesh: default\nname: dp-1\n').networking, undefined);
  });

  it('given a body without `type` when decoded directly then the type is filled in', () => {
    const result = decodeDataplane({ name: 'dp-1' });
    assert.ok(result.ok);
    assert.equal(result.value.type, 'Dataplane');
  });

  it('given a body of another type when decoded as a Dataplane then it is an issue at `type`', () => {
    assert.deepEqual(decodeDataplane({ type: 'Mesh', name: 'x' }), {
      ok: false,
      issues: [{ field: 'type', message: 'expected type "Dataplane", got "Mesh"' }],
    });
  });

  it('given a malformed timestamp when decoded then it is an issue at the field', () => {
    assert.deepEqual(decodeDataplane({ creationTime: 'yesterday' }), {
      ok: false,
      issues: [
        {
          field: 'creationTime',
          message: 'expected an RFC 3339 timestamp such as "2024-01-02T15:04:05Z", got "yesterday"',
        },
      ],
    });
  });

  it('given a tag key __proto__ when decoded then it is an ordinary own tag, not a prototype', () => {
    const result = decodeDataplane(JSON.parse('{"networking":{"inbound":[{"tags":{"__proto__":"x","a":"b"}}]}}'));
    assert.ok(result.ok);
    const tags = result.value.networking?.inbound[0]?.tags ?? {};
    assert.deepEqual(Object.keys(tags), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(tags), Object.prototype);
  });

  it('given the same input twice when decoded then the results are equal and independent of the input', () => {
    const input = { networking: { inbound: [{ port: 1, tags: { 'kuma.io/service': 'a' } }] } };
    const first = decodeDataplane(input);
    const second = decodeDataplane(input);
    assert.deepEqual(first, second);
    assert.ok(first.ok);
    assert.notEqual(first.value.networking?.inbound[0]?.tags, input.networking.inbound[0]?.tags);
  });
});
