import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplaneInsight } from './dataplane-insight.js';

describe('decodeDataplaneInsight', () => {
  it("given Kuma's DataplaneInsight REST shape when decoded then subscriptions, mTLS and metadata are typed", () => {
    const result = decodeDataplaneInsight({
      type: 'DataplaneInsight',
      mesh: 'default',
      name: 'dp-1',
      subscriptions: [
        {
          id: '118b4d6f',
          controlPlaneInstanceId: 'cp-1',
          connectTime: '2024-05-01T10:00:00.123456Z',
          status: {
            lastUpdateTime: '2024-05-01T10:00:05Z',
            total: { responsesSent: '22', responsesAcknowledged: '22' },
            cds: { responsesSent: '5', responsesAcknowledged: '5' },
          },
          version: {
            kumaDp: { version: '2.13.10', gitTag: '2.13.10', kumaCpCompatible: true },
            envoy: { version: '1.34.1', build: 'hash/1.34.1', kumaDpCompatible: true },
            dependencies: { coredns: '1.11.3' },
          },
          generation: 7,
        },
      ],
      mTLS: { certificateRegenerations: 1, issuedBackend: 'ca-1', supportedBackends: ['ca-1'] },
      metadata: { features: ['feature-tcp-accesslog-via-named-pipe'] },
    });
    assert.ok(result.ok);
    const subscription = result.value.subscriptions[0];
    assert.equal(subscription?.connectTime, '2024-05-01T10:00:00.123456Z');
    assert.equal(subscription?.disconnectTime, undefined);
    assert.deepEqual(subscription?.status?.total, { responsesSent: '22', responsesAcknowledged: '22', responsesRejected: '0' });
    assert.equal(subscription?.status?.eds, undefined);
    assert.equal(subscription?.version?.kumaDp?.gitCommit, '');
    assert.deepEqual(subscription?.version?.dependencies, { coredns: '1.11.3' });
    assert.equal(subscription?.generation, 7);
    assert.deepEqual(result.value.mTLS, {
      certificateRegenerations: 1,
      issuedBackend: 'ca-1',
      supportedBackends: ['ca-1'],
    });
    assert.deepEqual(result.value.metadata, { features: ['feature-tcp-accesslog-via-named-pipe'] });
  });
});
