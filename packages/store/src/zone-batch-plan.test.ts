import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplaneInsight, decodeZoneEgress, type DataplaneInsight, type ZoneEgress } from '@kumiko/api';
import { encodeZoneEvent, SubjectKinds, zoneSubject, type SubjectKind, type ZoneEvent } from '@kumiko/events';
import { planPreparedBatch, planZoneBatch, prepareZoneMessage, type ProjectionCommand, type ZoneStreamMessage } from './zone-batch-plan.js';
import { dataplane, zoneIngress } from '../test-support/test-events.js';

/*
 * The plan is observed only through the public functions: ZONES messages (subject + encoded event, built
 * with the real encoders) in, commands / rejections / zones / maxSeq out.
 */

const TIME = '2026-11-22T10:00:00.000Z';

function meta(zone: string, version = 1, time = TIME): ZoneEvent['metadata'] {
  return { eventId: `e-${zone}-${version}-${time}`, zone, time, version };
}

/** A message as NATS delivers it: the subject is where it was published (authenticated), the data what it says. */
function published(
  seq: number,
  subject: { zone: string; kind: SubjectKind; mesh?: string; name: string },
  event: ZoneEvent,
): ZoneStreamMessage {
  return {
    seq,
    subject: zoneSubject({ zone: subject.zone, kind: subject.kind, mesh: subject.mesh, name: subject.name }),
    data: encodeZoneEvent(event),
  };
}

function raw(seq: number, subject: string, text: string): ZoneStreamMessage {
  return { seq, subject, data: new TextEncoder().encode(text) };
}

function insight(mesh: string, name: string, extra: Record<string, unknown> = {}): DataplaneInsight {
  const result = decodeDataplaneInsight({
    type: 'DataplaneInsight',
    mesh,
    name,
    subscriptions: [{ id: 's-1', controlPlaneInstanceId: 'cp', connectTime: TIME }],
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function zoneEgress(name: string, extra: Record<string, unknown> = {}): ZoneEgress {
  const result = decodeZoneEgress({ type: 'ZoneEgress', name, networking: { address: '10.0.0.9', port: 10002 }, ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

// Messages as zone-1 publishes them on its own subjects.
const dataplaneUpserted = (
  seq: number,
  name: string,
  options: { zone?: string; mesh?: string; service?: string; extra?: Record<string, unknown>; metaZone?: string } = {},
) => {
  const zone = options.zone ?? 'zone-1';
  const mesh = options.mesh ?? 'default';
  return published(
    seq,
    { zone, kind: SubjectKinds.Dataplane, mesh, name },
    {
      type: 'DataplaneUpserted',
      data: { dataplane: dataplane(mesh, name, zone, options.service, options.extra) },
      metadata: meta(options.metaZone ?? zone, seq),
    },
  );
};
const dataplaneDeleted = (seq: number, name: string, zone = 'zone-1', mesh = 'default') =>
  published(
    seq,
    { zone, kind: SubjectKinds.Dataplane, mesh, name },
    { type: 'DataplaneDeleted', data: { mesh, name }, metadata: meta(zone, seq) },
  );
const heartbeat = (seq: number, zone: string, instanceId: string, time = TIME) =>
  published(
    seq,
    { zone, kind: SubjectKinds.ZoneHeartbeat, name: 'cp' },
    {
      type: 'ZoneHeartbeat',
      data: { instanceId, startedAt: '2026-11-22T09:00:00Z', version: '0.1.0', config: '{}' },
      metadata: meta(zone, seq, time),
    },
  );

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected exactly one item, got ${JSON.stringify(items)}`);
  return items[0] as T;
}

function upsertOf(command: ProjectionCommand) {
  assert.equal(command.kind, 'upsert', `expected an upsert, got ${JSON.stringify(command)}`);
  return command as Extract<ProjectionCommand, { kind: 'upsert' }>;
}

const PINNED_DP_1 = { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' };

describe('zone batch plan: a resource is pinned to the zone its subject names', () => {
  it('given a Dataplane from zone-1, then it is planned under Kuma’s hashed global name with origin, zone and display-name labels', () => {
    const plan = planZoneBatch([dataplaneUpserted(7, 'dp-1', { extra: { labels: { team: 'payments' } } })]);

    const command = upsertOf(only(plan.commands));
    assert.deepEqual(
      {
        seq: command.seq,
        zone: command.zone,
        type: command.type,
        mesh: command.mesh,
        name: command.name,
        displayName: command.displayName,
        time: command.time,
      },
      { seq: 7, zone: 'zone-1', type: 'Dataplane', mesh: 'default', name: 'dp-1-dff6z597w47d46xx', displayName: 'dp-1', time: TIME },
    );
    assert.equal(command.resource.name, 'dp-1-dff6z597w47d46xx');
    assert.equal(command.resource.type, 'Dataplane');
    assert.deepEqual(command.resource.labels, { team: 'payments', ...PINNED_DP_1 });
    assert.deepEqual(plan.rejections, []);
    assert.deepEqual([...plan.zones], ['zone-1']);
    assert.equal(plan.maxSeq, 7);
  });

  it('given a DataplaneInsight, then it gets the same global name as its Dataplane, so the two stay paired', () => {
    const plan = planZoneBatch([
      dataplaneUpserted(1, 'dp-1'),
      published(
        2,
        { zone: 'zone-1', kind: SubjectKinds.DataplaneInsight, mesh: 'default', name: 'dp-1' },
        { type: 'DataplaneInsightUpdated', data: { insight: insight('default', 'dp-1') }, metadata: meta('zone-1') },
      ),
    ]);

    const insightCommand = upsertOf(plan.commands.find((c) => c.kind === 'upsert' && c.type === 'DataplaneInsight') as ProjectionCommand);
    assert.equal(insightCommand.name, 'dp-1-dff6z597w47d46xx');
    assert.equal(insightCommand.mesh, 'default');
    assert.deepEqual(insightCommand.resource.labels, PINNED_DP_1);
    assert.equal(plan.commands.length, 2, 'a Dataplane and its insight are two resources');
  });

  const zoneProxies: Array<[string, ZoneStreamMessage, string, string]> = [
    [
      'ZoneIngress',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi-1' },
        { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi-1') }, metadata: meta('zone-1') },
      ),
      'ZoneIngress',
      'zi-1',
    ],
    [
      'ZoneEgress',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneEgress, name: 'ze-1' },
        { type: 'ZoneEgressUpserted', data: { zoneEgress: zoneEgress('ze-1') }, metadata: meta('zone-1') },
      ),
      'ZoneEgress',
      'ze-1',
    ],
  ];
  for (const [name, message, type, displayName] of zoneProxies) {
    it(`given a ${name} with no zone of its own, then it is global-scoped, hashed, and its zone field and labels are set to the subject’s zone`, () => {
      const command = upsertOf(only(planZoneBatch([message]).commands));
      assert.equal(command.type, type);
      assert.equal(command.mesh, '');
      assert.equal(command.displayName, displayName);
      assert.match(command.name, new RegExp(`^${displayName}-[0-9a-z]{16}$`));
      if (type === 'ZoneIngress') assert.equal(command.name, 'zi-1-2d8w9vd5b9fd9xbv');
      const resource = command.resource as { zone: string; labels: Record<string, string> };
      assert.equal(resource.zone, 'zone-1');
      assert.deepEqual(resource.labels, { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': displayName });
    });
  }

  it('given a ZoneIngress that already names its own zone everywhere, then the consistent claims are accepted', () => {
    const ingress = zoneIngress('zi-1', {
      zone: 'zone-1',
      labels: { 'kuma.io/zone': 'zone-1' },
      availableServices: [{ tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' }, instances: 1, mesh: 'default' }],
    });
    const plan = planZoneBatch([
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi-1' },
        { type: 'ZoneIngressUpserted', data: { zoneIngress: ingress }, metadata: meta('zone-1') },
      ),
    ]);
    assert.deepEqual(plan.rejections, []);
    assert.equal(upsertOf(only(plan.commands)).name, 'zi-1-2d8w9vd5b9fd9xbv');
  });

  it('given a zone that labels its Dataplane with another origin or display name, then the global’s pinned labels replace them', () => {
    const plan = planZoneBatch([
      dataplaneUpserted(1, 'dp-1', {
        extra: { labels: { 'kuma.io/origin': 'global', 'kuma.io/display-name': 'someone-else', 'kuma.io/zone': 'zone-1' } },
      }),
    ]);
    assert.deepEqual(upsertOf(only(plan.commands)).resource.labels, PINNED_DP_1);
  });

  it('given the same Dataplane name in two zones, then each zone gets its own global resource', () => {
    const plan = planZoneBatch([dataplaneUpserted(1, 'dp-1', { zone: 'zone-1' }), dataplaneUpserted(2, 'dp-1', { zone: 'zone-2' })]);
    const names = plan.commands.map((c) => (c.kind === 'heartbeat' ? '' : `${c.zone}:${c.name}`)).sort();
    assert.equal(names.length, 2);
    assert.notEqual(names[0]?.split(':')[1], names[1]?.split(':')[1]);
    assert.deepEqual([...plan.zones].sort(), ['zone-1', 'zone-2']);
  });

  it('given a Kubernetes-style name with a dot, then the subject round trip keeps it and the display name is the zone’s name', () => {
    const command = upsertOf(only(planZoneBatch([dataplaneUpserted(1, 'web-1.kuma-demo')]).commands));
    assert.equal(command.displayName, 'web-1.kuma-demo');
    assert.match(command.name, /^web-1\.kuma-demo-[0-9a-z]{16}$/);
  });

  const deletions: Array<[string, ZoneStreamMessage, { type: string; mesh: string; name: string }]> = [
    ['DataplaneDeleted', dataplaneDeleted(3, 'dp-1'), { type: 'Dataplane', mesh: 'default', name: 'dp-1-dff6z597w47d46xx' }],
    [
      'ZoneIngressDeleted',
      published(
        3,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi-1' },
        { type: 'ZoneIngressDeleted', data: { name: 'zi-1' }, metadata: meta('zone-1', 2) },
      ),
      { type: 'ZoneIngress', mesh: '', name: 'zi-1-2d8w9vd5b9fd9xbv' },
    ],
  ];
  for (const [name, message, expected] of deletions) {
    it(`given a ${name}, then it deletes the global resource of the same hashed name as the upsert did`, () => {
      const command = only(planZoneBatch([message]).commands);
      assert.deepEqual(command, { kind: 'delete', seq: 3, zone: 'zone-1', ...expected });
    });
  }

  it('given a ZoneEgressDeleted, then it deletes the ZoneEgress the upsert created', () => {
    const upsert = upsertOf(only(planZoneBatch([zoneProxies[1]?.[1] as ZoneStreamMessage]).commands));
    const command = only(
      planZoneBatch([
        published(
          2,
          { zone: 'zone-1', kind: SubjectKinds.ZoneEgress, name: 'ze-1' },
          { type: 'ZoneEgressDeleted', data: { name: 'ze-1' }, metadata: meta('zone-1', 2) },
        ),
      ]).commands,
    );
    assert.deepEqual(command, { kind: 'delete', seq: 2, zone: 'zone-1', type: 'ZoneEgress', mesh: '', name: upsert.name });
  });
});

describe('zone batch plan: a payload claiming another zone is rejected', () => {
  const gatewayDataplane = (zoneTag: string) =>
    dataplane('default', 'gw-1', 'zone-1', 'web', {
      networking: { address: '10.0.0.2', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': zoneTag } } },
    });
  const cases: Array<[string, ZoneStreamMessage, RegExp]> = [
    [
      'a Dataplane whose metadata names zone-2',
      dataplaneUpserted(1, 'dp-1', { metaZone: 'zone-2' }),
      /metadata\.zone "zone-2" but was published by zone "zone-1"/,
    ],
    [
      'a Dataplane labelled kuma.io/zone=zone-2',
      dataplaneUpserted(1, 'dp-1', { extra: { labels: { 'kuma.io/zone': 'zone-2' } } }),
      /label kuma\.io\/zone "zone-2" but was published by zone "zone-1"/,
    ],
    [
      'a Dataplane whose inbound is tagged kuma.io/zone=zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' },
        { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'dp-1', 'zone-2') }, metadata: meta('zone-1') },
      ),
      /tag kuma\.io\/zone "zone-2"/,
    ],
    [
      'a gateway Dataplane whose gateway is tagged kuma.io/zone=zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'gw-1' },
        { type: 'DataplaneUpserted', data: { dataplane: gatewayDataplane('zone-2') }, metadata: meta('zone-1') },
      ),
      /tag kuma\.io\/zone "zone-2"/,
    ],
    [
      'a DataplaneInsight labelled kuma.io/zone=zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.DataplaneInsight, mesh: 'default', name: 'dp-1' },
        {
          type: 'DataplaneInsightUpdated',
          data: { insight: insight('default', 'dp-1', { labels: { 'kuma.io/zone': 'zone-2' } }) },
          metadata: meta('zone-1'),
        },
      ),
      /label kuma\.io\/zone "zone-2"/,
    ],
    [
      'a ZoneIngress whose spec zone is zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi' },
        { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi', { zone: 'zone-2' }) }, metadata: meta('zone-1') },
      ),
      /claims zone "zone-2" but was published by zone "zone-1"/,
    ],
    [
      'a ZoneIngress offering a service tagged kuma.io/zone=zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi' },
        {
          type: 'ZoneIngressUpserted',
          data: {
            zoneIngress: zoneIngress('zi', {
              availableServices: [{ tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-2' }, instances: 1, mesh: 'default' }],
            }),
          },
          metadata: meta('zone-1'),
        },
      ),
      /tag kuma\.io\/zone "zone-2"/,
    ],
    [
      'a ZoneIngress labelled kuma.io/zone=zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi' },
        {
          type: 'ZoneIngressUpserted',
          data: { zoneIngress: zoneIngress('zi', { labels: { 'kuma.io/zone': 'zone-2' } }) },
          metadata: meta('zone-1'),
        },
      ),
      /label kuma\.io\/zone "zone-2"/,
    ],
    [
      'a ZoneEgress whose spec zone is zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneEgress, name: 'ze' },
        { type: 'ZoneEgressUpserted', data: { zoneEgress: zoneEgress('ze', { zone: 'zone-2' }) }, metadata: meta('zone-1') },
      ),
      /claims zone "zone-2"/,
    ],
    [
      'a DataplaneDeleted whose metadata names zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' },
        { type: 'DataplaneDeleted', data: { mesh: 'default', name: 'dp-1' }, metadata: meta('zone-2') },
      ),
      /metadata\.zone "zone-2"/,
    ],
    [
      'a ZoneIngressDeleted whose metadata names zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi' },
        { type: 'ZoneIngressDeleted', data: { name: 'zi' }, metadata: meta('zone-2') },
      ),
      /metadata\.zone "zone-2"/,
    ],
    [
      'a heartbeat whose metadata names zone-2',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneHeartbeat, name: 'cp' },
        { type: 'ZoneHeartbeat', data: { instanceId: 'cp-a', startedAt: TIME, version: '0.1.0', config: '{}' }, metadata: meta('zone-2') },
      ),
      /metadata\.zone "zone-2"/,
    ],
  ];
  for (const [name, message, reason] of cases) {
    it(`given ${name} on zone-1’s subject, then it is rejected with the claim and nothing is planned`, () => {
      const plan = planZoneBatch([message]);
      assert.deepEqual(plan.commands, []);
      const rejection = only(plan.rejections);
      assert.equal(rejection.seq, 1);
      assert.equal(rejection.subject, message.subject);
      assert.match(rejection.reason, reason);
      assert.deepEqual([...plan.zones], [], 'a rejected message does not count as hearing from the zone');
      assert.equal(plan.maxSeq, 1);
    });
  }

  it('given a payload contradicting its subject in several places, then the reason names each claim', () => {
    const spoof = published(
      1,
      { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi' },
      {
        type: 'ZoneIngressUpserted',
        data: { zoneIngress: zoneIngress('zi', { zone: 'zone-3', labels: { 'kuma.io/zone': 'zone-2' } }) },
        metadata: meta('zone-1'),
      },
    );
    const reason = only(planZoneBatch([spoof]).rejections).reason;
    assert.match(reason, /label kuma\.io\/zone "zone-2"/);
    assert.match(reason, /zone "zone-3"/);
  });
});

describe('zone batch plan: a payload about another resource than its subject is rejected', () => {
  const dp1 = { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'dp-1', 'zone-1') }, metadata: meta('zone-1') } as const;
  const cases: Array<[string, ZoneStreamMessage]> = [
    [
      'a Dataplane published on another Dataplane’s subject',
      published(1, { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-2' }, dp1),
    ],
    [
      'a Dataplane published under another mesh',
      published(1, { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'other', name: 'dp-1' }, dp1),
    ],
    [
      'a Dataplane published on its insight’s subject',
      published(1, { zone: 'zone-1', kind: SubjectKinds.DataplaneInsight, mesh: 'default', name: 'dp-1' }, dp1),
    ],
    [
      'a ZoneIngress published on a ZoneEgress subject',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.ZoneEgress, name: 'zi-1' },
        { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi-1') }, metadata: meta('zone-1') },
      ),
    ],
    [
      'a deletion of dp-2 published on dp-1’s subject',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' },
        { type: 'DataplaneDeleted', data: { mesh: 'default', name: 'dp-2' }, metadata: meta('zone-1') },
      ),
    ],
    [
      'a heartbeat published on a Dataplane subject',
      published(
        1,
        { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'cp' },
        { type: 'ZoneHeartbeat', data: { instanceId: 'cp-a', startedAt: TIME, version: '0.1.0', config: '{}' }, metadata: meta('zone-1') },
      ),
    ],
    [
      'a Dataplane published on a zone-scoped Mesh subject',
      published(1, { zone: 'zone-1', kind: SubjectKinds.Mesh, mesh: 'default', name: 'dp-1' }, dp1),
    ],
  ];
  for (const [name, message] of cases) {
    it(`given ${name}, then it is rejected as not about the subject’s resource`, () => {
      const plan = planZoneBatch([message]);
      assert.deepEqual(plan.commands, []);
      assert.match(only(plan.rejections).reason, /not the resource its subject names/);
    });
  }
});

describe('zone batch plan: messages that do not decode are rejected with a reason', () => {
  const subject = zoneSubject({ zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' });
  const invalidDataplane = JSON.stringify({
    type: 'DataplaneUpserted',
    data: {
      dataplane: {
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp-1',
        networking: { address: '10.0.0.1', inbound: [{ port: 'eighty', tags: {} }] },
      },
    },
    metadata: meta('zone-1'),
  });
  const cases: Array<[string, ZoneStreamMessage, RegExp]> = [
    ['truncated JSON', raw(1, subject, '{"type":"DataplaneUpserted"'), /^malformed event: not JSON/],
    ['JSON that is not an event', raw(1, subject, '{"not":"an event"}'), /^malformed event: /],
    [
      'an unknown event type',
      raw(1, subject, JSON.stringify({ type: 'DataplaneExploded', data: {}, metadata: meta('zone-1') })),
      /^malformed event: /,
    ],
    [
      'an event without metadata',
      raw(1, subject, JSON.stringify({ type: 'DataplaneDeleted', data: { mesh: 'default', name: 'dp-1' } })),
      /^malformed event: .*metadata/,
    ],
    ['a Dataplane that fails the resource schema', raw(1, subject, invalidDataplane), /^malformed event: .*port/],
    ['empty bytes', raw(1, subject, ''), /^malformed event: not JSON/],
    ['a subject outside the zone namespace', raw(1, 'kumiko.global.mesh.~.default', '{}'), /not a Kumiko zone subject/],
    ['a zone subject of an unknown kind', raw(1, 'kumiko.zone.zone-1.trafficroute.default.dp-1', '{}'), /not a Kumiko resource subject/],
    [
      'a Secret published by a zone (the global owns Secrets)',
      raw(1, 'kumiko.zone.zone-1.secret.default.s-1', '{"type":"SecretUpserted","data":{},"metadata":{}}'),
      /malformed event/,
    ],
  ];
  for (const [name, message, reason] of cases) {
    it(`given ${name}, then it is rejected with the reason and its subject`, () => {
      const prepared = prepareZoneMessage(message);
      assert.ok('rejection' in prepared, 'rejected');
      assert.equal(prepared.seq, 1);
      assert.equal(prepared.rejection.subject, message.subject);
      assert.match(prepared.rejection.reason, reason);
    });
  }

  it('given a malformed message amid good ones, then only it is rejected and the rest is planned', () => {
    const plan = planZoneBatch([dataplaneUpserted(1, 'a'), raw(2, subject, 'garbage'), dataplaneUpserted(3, 'b')]);
    assert.deepEqual(plan.commands.map((c) => c.seq).sort(), [1, 3]);
    assert.deepEqual(
      plan.rejections.map((r) => r.seq),
      [2],
    );
  });
});

describe('zone batch plan: one command per resource, the newest winning', () => {
  it('given two upserts of one Dataplane, then only the later one is planned', () => {
    const plan = planZoneBatch([dataplaneUpserted(1, 'dp-1', { service: 'first' }), dataplaneUpserted(2, 'dp-1', { service: 'second' })]);
    const command = upsertOf(only(plan.commands));
    assert.equal(command.seq, 2);
    assert.equal(
      (command.resource as { networking?: { inbound: Array<{ tags: Record<string, string> }> } }).networking?.inbound[0]?.tags[
        'kuma.io/service'
      ],
      'second',
    );
  });

  it('given the messages out of stream order, then the highest sequence wins, not the last in the array', () => {
    const plan = planZoneBatch([dataplaneUpserted(5, 'dp-1', { service: 'newest' }), dataplaneUpserted(4, 'dp-1', { service: 'older' })]);
    assert.equal(only(plan.commands).seq, 5);
  });

  const sequences: Array<[string, ZoneStreamMessage[], string]> = [
    ['an upsert then a deletion', [dataplaneUpserted(1, 'dp-1'), dataplaneDeleted(2, 'dp-1')], 'delete'],
    ['a deletion then a re-creation', [dataplaneDeleted(1, 'dp-1'), dataplaneUpserted(2, 'dp-1')], 'upsert'],
    ['create, delete, create', [dataplaneUpserted(1, 'dp-1'), dataplaneDeleted(2, 'dp-1'), dataplaneUpserted(3, 'dp-1')], 'upsert'],
  ];
  for (const [name, batch, kind] of sequences) {
    it(`given ${name} of one Dataplane in a batch, then one ${kind} is planned`, () => {
      const command = only(planZoneBatch(batch).commands);
      assert.equal(command.kind, kind);
      assert.equal(command.seq, batch.length);
    });
  }

  it('given different resources, then each keeps its own command (kind, mesh and zone all tell resources apart)', () => {
    const plan = planZoneBatch([
      dataplaneUpserted(1, 'dp-1'),
      dataplaneUpserted(2, 'dp-1', { mesh: 'other' }),
      dataplaneUpserted(3, 'dp-1', { zone: 'zone-2' }),
      published(
        4,
        { zone: 'zone-1', kind: SubjectKinds.DataplaneInsight, mesh: 'default', name: 'dp-1' },
        { type: 'DataplaneInsightUpdated', data: { insight: insight('default', 'dp-1') }, metadata: meta('zone-1') },
      ),
      dataplaneUpserted(5, 'dp-2'),
    ]);
    assert.deepEqual(plan.commands.map((c) => c.seq).sort(), [1, 2, 3, 4, 5]);
  });

  it('given a rejected message after a good one about the same resource, then the good one still stands', () => {
    const plan = planZoneBatch([dataplaneUpserted(1, 'dp-1'), dataplaneUpserted(2, 'dp-1', { metaZone: 'zone-2' })]);
    assert.equal(only(plan.commands).seq, 1);
    assert.equal(only(plan.rejections).seq, 2);
    assert.equal(plan.maxSeq, 2);
  });
});

describe('zone batch plan: heartbeats', () => {
  it('given several heartbeats from two zones, then one heartbeat per zone is planned, the latest, with what the zone CP reported', () => {
    const plan = planZoneBatch([
      heartbeat(1, 'zone-1', 'cp-a', '2026-11-22T10:00:01.000Z'),
      heartbeat(2, 'zone-2', 'cp-x', '2026-11-22T10:00:02.000Z'),
      heartbeat(3, 'zone-1', 'cp-b', '2026-11-22T10:00:03.000Z'),
    ]);
    const beats = plan.commands.filter((c) => c.kind === 'heartbeat').sort((a, b) => a.seq - b.seq);
    assert.deepEqual(beats, [
      {
        kind: 'heartbeat',
        seq: 2,
        zone: 'zone-2',
        instanceId: 'cp-x',
        startedAt: '2026-11-22T09:00:00Z',
        version: '0.1.0',
        config: '{}',
        time: '2026-11-22T10:00:02.000Z',
      },
      {
        kind: 'heartbeat',
        seq: 3,
        zone: 'zone-1',
        instanceId: 'cp-b',
        startedAt: '2026-11-22T09:00:00Z',
        version: '0.1.0',
        config: '{}',
        time: '2026-11-22T10:00:03.000Z',
      },
    ]);
    assert.deepEqual([...plan.zones].sort(), ['zone-1', 'zone-2']);
  });

  it('given a heartbeat and resources from the same zone, then the heartbeat does not replace a resource command', () => {
    const plan = planZoneBatch([dataplaneUpserted(1, 'dp-1'), heartbeat(2, 'zone-1', 'cp-a')]);
    assert.deepEqual(plan.commands.map((c) => c.kind).sort(), ['heartbeat', 'upsert']);
  });
});

describe('zone batch plan: checkpoint and determinism', () => {
  const spoofed = dataplaneUpserted(9, 'dp-x', { metaZone: 'zone-2' });
  const cases: Array<[string, ZoneStreamMessage[], number]> = [
    ['an empty batch', [], 0],
    ['a batch whose last message is rejected', [dataplaneUpserted(3, 'dp-1'), spoofed], 9],
    ['a batch of rejected messages only', [spoofed, raw(12, 'not.a.subject', 'x')], 12],
    ['a batch delivered out of order', [dataplaneUpserted(8, 'b'), dataplaneUpserted(6, 'a')], 8],
  ];
  for (const [name, batch, maxSeq] of cases) {
    it(`given ${name}, then maxSeq is ${maxSeq} (rejected messages included)`, () => {
      assert.equal(planZoneBatch(batch).maxSeq, maxSeq);
    });
  }

  const batch = [
    dataplaneUpserted(1, 'a'),
    dataplaneUpserted(2, 'b'),
    published(
      3,
      { zone: 'zone-1', kind: SubjectKinds.ZoneIngress, name: 'zi-1' },
      { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi-1') }, metadata: meta('zone-1') },
    ),
    dataplaneDeleted(4, 'a'),
    spoofed,
    heartbeat(10, 'zone-1', 'cp-a'),
    raw(11, 'kumiko.zone.zone-1.dataplane.default.junk', '{'),
  ];

  it('given the same batch planned twice, then the plans are equal', () => {
    assert.deepEqual(planZoneBatch(batch), planZoneBatch(batch));
  });

  it('given messages prepared one by one as they arrive, in any order, then the plan equals planning the whole batch', () => {
    const prepared = batch.map(prepareZoneMessage).reverse();
    assert.deepEqual(planPreparedBatch(prepared), planZoneBatch(batch));
  });

  it('given a batch, then planning it does not change the messages', () => {
    const copies = batch.map((m) => ({ ...m, data: Uint8Array.from(m.data) }));
    planZoneBatch(batch);
    assert.deepEqual(batch, copies);
  });
});
