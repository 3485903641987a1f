import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { decodeDataplane, type DataplaneInsight } from '@kumiko/api';
import { SubjectKinds, type ResourceOfKind, type SubjectKey, type ZoneOwnedKind } from '@kumiko/events';
import { waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import type { ZoneResource } from '../zone-resource-store.js';
import { DataplaneInsightRecorder, type InsightStore } from './dataplane-insight-recorder.js';

const logger = pino({ level: 'silent' });

class InsightMap implements InsightStore {
  readonly resources = new Map<string, ZoneResource>();
  writes = 0;
  get<K extends ZoneOwnedKind>(key: SubjectKey & { readonly kind: K }): ResourceOfKind<K> | undefined {
    return this.resources.get(`${key.kind}|${key.mesh ?? ''}|${key.name}`) as ResourceOfKind<K> | undefined;
  }
  async upsert(insight: DataplaneInsight): Promise<{ created: boolean }> {
    this.writes++;
    this.resources.set(`${SubjectKinds.DataplaneInsight}|${insight.mesh}|${insight.name}`, insight);
    return { created: false };
  }
  addDataplane(name: string): void {
    const decoded = decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name,
      networking: { address: '10.0.0.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
    });
    if (!decoded.ok) throw new Error('bad fixture');
    this.resources.set(`${SubjectKinds.Dataplane}|default|${name}`, decoded.value);
  }
  insight(name: string): DataplaneInsight | undefined {
    return this.get({ kind: SubjectKinds.DataplaneInsight, mesh: 'default', name }) as DataplaneInsight | undefined;
  }
}

describe('DataplaneInsightRecorder', () => {
  let recorder: DataplaneInsightRecorder | undefined;
  afterEach(() => recorder?.stop());

  function start(store: InsightMap, instanceId = 'cp-a'): ReturnType<DataplaneInsightRecorder['observers']> {
    recorder = new DataplaneInsightRecorder(store, { instanceId, flushIntervalMs: 60_000, urgentFlushMs: 10, logger });
    recorder.start();
    return recorder.observers();
  }
  const node = { id: 'default.web-1', metadata: { version: { kumaDp: { version: '2.13.10' }, envoy: { version: '1.36.0', build: 'x' } } } };

  it('given a Dataplane connecting, then its insight shows one online subscription with the proxy versions', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store);
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    await waitFor('insight written', () => store.insight('web-1'));
    const [subscription] = store.insight('web-1')?.subscriptions ?? [];
    assert.equal(subscription?.controlPlaneInstanceId, 'cp-a');
    assert.ok(subscription?.connectTime);
    assert.equal(subscription?.disconnectTime, undefined);
    assert.equal(subscription?.version?.kumaDp?.version, '2.13.10');
    assert.equal(subscription?.version?.envoy?.version, '1.36.0');
  });

  it('given responses, ACKs and a NACK, when flushed, then the counters and the last NACK are in the insight', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store);
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    const sent = { nodeId: 'default.web-1', kind: 'sotw', version: 'v1', nonce: 'n1', resources: [], removed: [] } as const;
    observers.responseSent?.({ ...sent, typeUrl: TypeUrls.Cluster });
    observers.responseSent?.({ ...sent, typeUrl: TypeUrls.Listener });
    observers.ackReceived?.({ nodeId: 'default.web-1', kind: 'sotw', typeUrl: TypeUrls.Cluster, version: 'v1', nonce: 'n1' });
    observers.nackReceived?.({
      nodeId: 'default.web-1',
      kind: 'sotw',
      typeUrl: TypeUrls.Listener,
      nack: { version: 'v1', nonce: 'n1', code: 14, message: 'bad listener', at: new Date() },
    });
    await recorder?.flush();
    const insight = store.insight('web-1');
    const status = insight?.subscriptions[0]?.status;
    assert.deepEqual(status?.total, { responsesSent: '2', responsesAcknowledged: '1', responsesRejected: '1' });
    assert.deepEqual(status?.cds, { responsesSent: '1', responsesAcknowledged: '1', responsesRejected: '0' });
    assert.deepEqual(status?.lds, { responsesSent: '1', responsesAcknowledged: '0', responsesRejected: '1' });
    assert.equal((insight?.metadata?.['lastNack'] as { message: string } | undefined)?.message, 'bad listener');
  });

  it('given the stream closed and the proxy back, then the first subscription is closed and a second one is online', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store);
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    await recorder?.flush();
    observers.streamClosed?.({ nodeId: 'default.web-1', kind: 'sotw' });
    await recorder?.flush();
    assert.ok(store.insight('web-1')?.subscriptions[0]?.disconnectTime, 'offline after the close');
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    await recorder?.flush();
    const subscriptions = store.insight('web-1')?.subscriptions ?? [];
    assert.equal(subscriptions.length, 2);
    assert.ok(subscriptions[0]?.disconnectTime);
    assert.equal(subscriptions[1]?.disconnectTime, undefined);
    assert.notEqual(subscriptions[0]?.id, subscriptions[1]?.id);
  });

  it('given many reconnects, then only the last two subscriptions are kept (KUMA_METRICS_DATAPLANE_SUBSCRIPTION_LIMIT)', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store);
    for (let i = 0; i < 4; i++) {
      observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
      await recorder?.flush();
      observers.streamClosed?.({ nodeId: 'default.web-1', kind: 'sotw' });
      await recorder?.flush();
    }
    assert.equal(store.insight('web-1')?.subscriptions.length, 2);
  });

  it('given a node without a Dataplane (a proxyless client), then no insight is written', async () => {
    const store = new InsightMap();
    const observers = start(store);
    observers.streamOpened?.({ nodeId: 'default.client', kind: 'sotw', node: { id: 'default.client' } });
    await recorder?.flush();
    assert.equal(store.writes, 0);
  });

  it('given the proxy online on another CP instance, then connectedElsewhere says so', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store, 'cp-b');
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    await recorder?.flush();
    const other = new DataplaneInsightRecorder(store, { instanceId: 'cp-a', flushIntervalMs: 60_000, logger });
    assert.equal(other.connectedElsewhere('default.web-1'), true);
    assert.equal(recorder?.connectedElsewhere('default.web-1'), false);
  });

  it('given the recorder stopped (CP shutting down), then its open subscriptions are published as disconnected', async () => {
    const store = new InsightMap();
    store.addDataplane('web-1');
    const observers = start(store);
    observers.streamOpened?.({ nodeId: 'default.web-1', kind: 'sotw', node });
    await recorder?.flush();
    await recorder?.stop();
    assert.ok(store.insight('web-1')?.subscriptions[0]?.disconnectTime);
  });
});
