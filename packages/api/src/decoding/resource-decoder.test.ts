import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataplane } from '../resources/dataplane.js';
import type { Resource } from '../registry/resource-type-registry.js';
import type { DecodeIssue, DecodeResult } from './decode-result.js';
import { decodeResource } from './resource-decoder.js';
import { parseYamlDocuments } from './yaml-documents.js';

function decoded(input: unknown): Resource {
  const result = decodeResource(input);
  if (!result.ok) assert.fail(`expected success, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function decodedDataplane(input: unknown): Dataplane {
  const value = decoded(input);
  assert.equal(value.type, 'Dataplane');
  return value as Dataplane;
}

function issuesOf(result: DecodeResult<unknown>): readonly DecodeIssue[] {
  if (result.ok) assert.fail('expected decode issues, got success');
  return result.issues;
}

function fromYaml(text: string): unknown {
  const [document] = parseYamlDocuments(text);
  assert.ok(document);
  return document.value;
}

describe('decodeResource: dispatch on type', () => {
  it('given no type when decoded then the issue is at `type` and lists the known types', () => {
    assert.deepEqual(issuesOf(decodeResource({ name: 'x' })), [
      {
        field: 'type',
        message:
          'resource type is missing; known types: Dataplane, DataplaneInsight, GlobalSecret, Mesh, Secret, Zone, ZoneEgress, ZoneIngress, ZoneInsight',
      },
    ]);
  });

  it('given an unknown type when decoded then the issue names it and lists the known types', () => {
    const [issue] = issuesOf(decodeResource({ type: 'TrafficRoute', name: 'x' }));
    assert.equal(issue?.field, 'type');
    assert.match(issue?.message ?? '', /^unknown resource type "TrafficRoute"; known types: Dataplane, /);
  });

  const notObjects: ReadonlyArray<readonly [string, unknown, string]> = [
    ['null', null, 'null'],
    ['a list', [], 'list'],
    ['a string', 'Dataplane', 'string'],
  ];
  for (const [label, input, described] of notObjects) {
    it(`given ${label} instead of a resource when decoded then it is one issue, not a crash`, () => {
      assert.deepEqual(issuesOf(decodeResource(input)), [{ field: '', message: `expected a resource object, got ${described}` }]);
    });
  }

  it('given each known type when decoded then the value carries that type', () => {
    for (const type of ['Mesh', 'Dataplane', 'DataplaneInsight', 'ZoneIngress', 'ZoneEgress', 'Zone', 'ZoneInsight']) {
      assert.equal(decoded({ type, name: 'n' }).type, type);
    }
  });
});

describe('decodeResource: proto3 JSON zero values', () => {
  it('given absent scalars, maps and lists when decoded then they are zero values, messages undefined', () => {
    const dp = decodedDataplane({ type: 'Dataplane', name: 'dp-1', networking: { inbound: [{}] } });
    assert.equal(dp.mesh, '');
    assert.deepEqual(dp.labels, {});
    assert.equal(dp.creationTime, undefined);
    const networking = dp.networking;
    assert.ok(networking);
    assert.equal(networking.address, '');
    assert.deepEqual(networking.outbound, []);
    assert.equal(networking.gateway, undefined);
    assert.equal(networking.admin, undefined);
    assert.deepEqual(networking.inbound, [
      { port: 0, servicePort: 0, serviceAddress: '', address: '', tags: {}, state: 'Ready', name: '' },
    ]);
  });

  it('given YAML nulls everywhere when decoded then each reads as absent', () => {
    const dp = decodedDataplane(
      fromYaml(`
type: Dataplane
mesh: ~
name: dp-1
labels: null
networking:
  address: null
  gateway: null
  admin: ~
  outbound: ~
  inbound:
  - port: null
    tags: {kuma.io/service: backend, version: null}
    health: null
    serviceProbe: null
    state: null
metrics: null
`),
    );
    assert.equal(dp.mesh, '');
    assert.deepEqual(dp.labels, {});
    assert.equal(dp.metrics, undefined);
    assert.equal(dp.networking?.address, '');
    assert.equal(dp.networking?.gateway, undefined);
    assert.deepEqual(dp.networking?.outbound, []);
    const inbound = dp.networking?.inbound[0];
    assert.equal(inbound?.port, 0);
    assert.equal(inbound?.state, 'Ready');
    assert.equal(inbound?.health, undefined);
    assert.equal(inbound?.serviceProbe, undefined);
    // jsonpb reads a null map value as "".
    assert.deepEqual(inbound?.tags, { 'kuma.io/service': 'backend', version: '' });
  });

  it('given present empty messages when decoded then they are present, not undefined', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      networking: {
        admin: {},
        gateway: {},
        inbound: [{ health: {}, serviceProbe: { tcp: {} } }],
        outbound: [{ port: 1, backendRef: {} }],
      },
    });
    assert.deepEqual(dp.networking?.admin, { port: 0 });
    assert.deepEqual(dp.networking?.gateway, { tags: {}, type: 'DELEGATED' });
    assert.deepEqual(dp.networking?.inbound[0]?.health, { ready: false });
    assert.deepEqual(dp.networking?.inbound[0]?.serviceProbe, { tcp: {} });
    assert.deepEqual(dp.networking?.outbound[0]?.backendRef, { kind: '', name: '', port: 0, labels: {} });
  });

  it('given wrapper fields set to 0 when decoded then 0 is kept, unlike unset', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      networking: { inbound: [{ serviceProbe: { unhealthyThreshold: 0 } }, { serviceProbe: {} }] },
    });
    assert.equal(dp.networking?.inbound[0]?.serviceProbe?.unhealthyThreshold, 0);
    assert.equal(dp.networking?.inbound[1]?.serviceProbe?.unhealthyThreshold, undefined);
    assert.equal(
      Object.hasOwn(dp.networking?.inbound[1]?.serviceProbe ?? {}, 'unhealthyThreshold'),
      false,
      'an unset wrapper leaves no key behind',
    );
  });
});

describe('decodeResource: value forms jsonpb accepts', () => {
  it('given integers as decimal strings when decoded then they are numbers', () => {
    const dp = decodedDataplane({ type: 'Dataplane', networking: { inbound: [{ port: '8080', servicePort: '7070' }] } });
    assert.equal(dp.networking?.inbound[0]?.port, 8080);
    assert.equal(dp.networking?.inbound[0]?.servicePort, 7070);
  });

  it('given enums as numbers when decoded then they are their names', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      networking: { inbound: [{ state: 2 }], gateway: { type: 1 }, transparentProxying: { ipFamilyMode: 1 } },
    });
    assert.equal(dp.networking?.inbound[0]?.state, 'Ignored');
    assert.equal(dp.networking?.gateway?.type, 'BUILTIN');
    assert.equal(dp.networking?.transparentProxying?.ipFamilyMode, 'DualStack');
  });

  it('given proto field names (snake_case) when decoded then they fill the JSON-named fields', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      networking: {
        transparent_proxying: { redirect_port_inbound: 15006, reachable_services: ['redis'] },
        inbound: [{ serviceProbe: { healthy_threshold: 2 } }],
      },
      probes: { endpoints: [{ inbound_port: 8080, inbound_path: '/healthz', path: '/8080/healthz' }] },
    });
    assert.equal(dp.networking?.transparentProxying?.redirectPortInbound, 15006);
    assert.deepEqual(dp.networking?.transparentProxying?.reachableServices, ['redis']);
    assert.equal(dp.networking?.inbound[0]?.serviceProbe?.healthyThreshold, 2);
    assert.deepEqual(dp.probes?.endpoints, [{ inboundPort: 8080, inboundPath: '/healthz', path: '/8080/healthz' }]);
  });

  it('given both the proto and the JSON name when decoded then the JSON name wins, as in jsonpb', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      networking: { transparentProxying: { redirectPortInbound: 1, redirect_port_inbound: 2 } },
    });
    assert.equal(dp.networking?.transparentProxying?.redirectPortInbound, 1);
  });

  it('given unknown fields at any depth when decoded then they are ignored, as Kuma ignores them', () => {
    const dp = decodedDataplane({
      type: 'Dataplane',
      name: 'dp-1',
      kri: 'kri_dp_default___dp-1_',
      networking: { address: '10.0.0.1', transparentProxy: { redirectPortInbound: 1 }, inbound: [{ port: 1, colour: 'red' }] },
    });
    assert.equal('kri' in dp, false);
    assert.equal(dp.networking && 'transparentProxy' in dp.networking, false);
    assert.equal(dp.networking?.transparentProxying, undefined);
    assert.equal(dp.networking?.inbound[0] && 'colour' in dp.networking.inbound[0], false);
  });

  it('given uint64 counters as numbers or strings when decoded then they are decimal strings', () => {
    const insight = decoded({
      type: 'DataplaneInsight',
      mesh: 'default',
      name: 'dp-1',
      subscriptions: [
        {
          id: 's1',
          connectTime: '2024-05-01T10:00:00Z',
          status: { total: { responsesSent: 22, responsesAcknowledged: '21', responsesRejected: '7' } },
        },
      ],
    });
    assert.equal(insight.type, 'DataplaneInsight');
    if (insight.type !== 'DataplaneInsight') return;
    assert.deepEqual(insight.subscriptions[0]?.status?.total, {
      responsesSent: '22',
      responsesAcknowledged: '21',
      responsesRejected: '7',
    });
    assert.equal(JSON.stringify(insight.subscriptions[0]?.status?.total?.responsesSent), '"22"');
  });

  it("given integers with leading zeros or a sign when decoded then they are rejected, as Go's json does", () => {
    const result = decodeResource({
      type: 'DataplaneInsight',
      subscriptions: [{ generation: '007', status: { total: { responsesSent: '+1' } } }],
    });
    assert.deepEqual(
      issuesOf(result).map((issue) => issue.field),
      ['subscriptions[0].status.total.responsesSent', 'subscriptions[0].generation'],
    );
  });

  it('given counters beyond 2^53 as strings when decoded then no digit is lost', () => {
    const insight = decoded({
      type: 'ZoneInsight',
      name: 'zone-1',
      subscriptions: [{ status: { stat: { Dataplane: { responsesSent: '18446744073709551615' } } } }],
    });
    if (insight.type !== 'ZoneInsight') assert.fail('wrong type');
    assert.equal(insight.subscriptions[0]?.status?.stat['Dataplane']?.responsesSent, '18446744073709551615');
  });
});

describe('decodeResource: durations', () => {
  const probe = (interval: unknown) => decodeResource({ type: 'Dataplane', networking: { inbound: [{ serviceProbe: { interval } }] } });

  const valid: ReadonlyArray<readonly [string, number, number]> = [
    ['0', 0, 0],
    ['1s', 1, 0],
    ['1m30s', 90, 0],
    ['1.5s', 1, 500_000_000],
    ['300ms', 0, 300_000_000],
  ];
  for (const [text, seconds, nanos] of valid) {
    it(`given interval "${text}" when decoded then it is ${seconds}s ${nanos}ns`, () => {
      const result = probe(text);
      assert.ok(result.ok);
      const dp = result.value as Dataplane;
      assert.deepEqual(dp.networking?.inbound[0]?.serviceProbe?.interval, { seconds, nanos });
    });
  }

  const invalid: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a word', 'soon', 'invalid duration "soon": expected a Go duration such as "10s", "1m30s" or "300ms"'],
    ['a number without unit', '10', 'invalid duration "10": expected a Go duration such as "10s", "1m30s" or "300ms"'],
    ['a JSON number', 10, 'expected a duration string such as "10s", got number'],
  ];
  for (const [label, interval, message] of invalid) {
    it(`given ${label} as interval when decoded then it is a decode issue at the field`, () => {
      assert.deepEqual(issuesOf(probe(interval)), [{ field: 'networking.inbound[0].serviceProbe.interval', message }]);
    });
  }
});

describe('decodeResource: issues', () => {
  it('given several wrong types when decoded then every issue is reported with a Kuma-style path, in document order', () => {
    const result = decodeResource({
      type: 'Dataplane',
      name: 5,
      labels: { team: 1 },
      networking: {
        inbound: [{ port: -1 }, { port: 4294967296, tags: { 'kuma.io/service': true }, state: 'Up' }],
        outbound: 'redis',
      },
    });
    assert.deepEqual(issuesOf(result), [
      { field: 'name', message: 'expected a string, got number' },
      { field: 'labels["team"]', message: 'expected a string value, got number' },
      { field: 'networking.inbound[0].port', message: 'expected an unsigned 32-bit integer, got -1' },
      { field: 'networking.inbound[1].port', message: 'expected an unsigned 32-bit integer, got 4294967296' },
      { field: 'networking.inbound[1].tags["kuma.io/service"]', message: 'expected a string value, got boolean' },
      { field: 'networking.inbound[1].state', message: 'unknown value "Up"; allowed values: Ready, NotReady, Ignored' },
      { field: 'networking.outbound', message: 'expected a list, got string' },
    ]);
  });

  it('given a tag value YAML reads as a number when decoded then it is an issue, as in Kuma (quote it)', () => {
    const result = decodeResource(
      fromYaml('type: Dataplane\nnetworking:\n  inbound:\n  - port: 1\n    tags: {kuma.io/service: web, version: 1.0}\n'),
    );
    assert.deepEqual(issuesOf(result), [
      { field: 'networking.inbound[0].tags["version"]', message: 'expected a string value, got number' },
    ]);
  });

  it('given a numeric enum out of range when decoded then it is an issue listing the names', () => {
    const result = decodeResource({ type: 'Dataplane', networking: { gateway: { type: 7 } } });
    assert.deepEqual(issuesOf(result), [
      { field: 'networking.gateway.type', message: 'unknown value 7; allowed values: DELEGATED, BUILTIN' },
    ]);
  });

  it('given a message field that is not an object when decoded then the issue names what it got', () => {
    const result = decodeResource({ type: 'Dataplane', networking: { admin: 9901 } });
    assert.deepEqual(issuesOf(result), [{ field: 'networking.admin', message: 'expected an object, got number' }]);
  });
});
