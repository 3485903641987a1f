import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeZoneInsight } from './zone-insight.js';

describe('decodeZoneInsight', () => {
  it("given Kuma's ZoneInsight REST shape when decoded then subscriptions, health check and streams are typed", () => {
    const result = decodeZoneInsight({
      type: 'ZoneInsight',
      name: 'zone-1',
      subscriptions: [
        {
          id: 's-1',
          globalInstanceId: 'global-1',
          zoneInstanceId: 'zone-cp-1',
          connectTime: '2024-05-01T10:00:00Z',
          disconnectTime: '2024-05-01T11:00:00Z',
          status: {
            total: { responsesSent: '10', responsesAcknowledged: '9', responsesRejected: '1' },
            stat: { Dataplane: { responsesSent: '4' }, Mesh: null },
          },
          version: { kumaCp: { version: '2.13.10', kumaCpGlobalCompatible: true } },
          generation: 3,
          config: '{"mode":"zone"}',
          authTokenProvided: true,
        },
      ],
      healthCheck: { time: '2024-05-01T10:59:00Z' },
      kdsStreams: { globalToZone: { globalInstanceId: 'global-1', connectTime: '2024-05-01T10:00:00Z' } },
    });
    assert.ok(result.ok);
    const subscription = result.value.subscriptions[0];
    assert.equal(subscription?.disconnectTime, '2024-05-01T11:00:00Z');
    assert.deepEqual(subscription?.status?.stat, {
      Dataplane: { responsesSent: '4', responsesAcknowledged: '0', responsesRejected: '0' },
      Mesh: { responsesSent: '0', responsesAcknowledged: '0', responsesRejected: '0' },
    });
    assert.equal(subscription?.version?.kumaCp?.kumaCpGlobalCompatible, true);
    assert.equal(subscription?.config, '{"mode":"zone"}');
    assert.equal(subscription?.authTokenProvided, true);
    assert.deepEqual(result.value.healthCheck, { time: '2024-05-01T10:59:00Z' });
    assert.deepEqual(result.value.kdsStreams, {
      globalToZone: { globalInstanceId: 'global-1', connectTime: '2024-05-01T10:00:00Z' },
    });
    assert.equal('mesh' in result.value, false);
  });

  it('given a bad stat counter when decoded then the path quotes the map key', () => {
    const result = decodeZoneInsight({ subscriptions: [{ status: { stat: { Dataplane: { responsesSent: -1 } } } }] });
    assert.deepEqual(result, {
      ok: false,
      issues: [
        {
          field: 'subscriptions[0].status.stat["Dataplane"].responsesSent',
          message: 'expected an unsigned 64-bit integer (number or decimal string), got -1',
        },
      ],
    });
  });
});
