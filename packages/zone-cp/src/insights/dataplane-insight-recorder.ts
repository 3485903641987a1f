import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import { parseProxyId, ResourceTypes, type DataplaneInsight, type DataplaneVersion, type DiscoverySubscription } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import type { AdsCallbacks } from '@kumiko/xds';
import type { ZoneResourceStore } from '../zone-resource-store.js';
import type { AdsNode } from '../lifecycle/proxy-lifecycle.js';
import { DiscoverySubscriptionRecord } from './discovery-subscription-record.js';
import { versionFromNode } from './node-version.js';

export type InsightStore = Pick<ZoneResourceStore, 'get' | 'upsert'>;

export interface DataplaneInsightRecorderOptions {
  /** This CP instance: `controlPlaneInstanceId` of the subscriptions it records. */
  readonly instanceId: string;
  /** `KUMA_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL`: how often counter changes are published. */
  readonly flushIntervalMs: number;
  /** Connects and disconnects are published this soon (coalesced), not at the next interval. Default 100 ms. */
  readonly urgentFlushMs?: number;
  /** `KUMA_METRICS_DATAPLANE_SUBSCRIPTION_LIMIT`: subscriptions kept per insight. Default 2. */
  readonly subscriptionLimit?: number;
  readonly logger: Logger;
}

interface NodeState {
  readonly mesh: string;
  readonly name: string;
  readonly subscriptions: DiscoverySubscriptionRecord[];
  generation: number;
  dirty: boolean;
  open: number;
  /** The last certificate given to the proxy, and how many were given since the last flush. */
  certificate?: { readonly backend: string; readonly issuedAt: string; readonly expiresAt: string };
  unflushedCertificates?: number;
}

/** A certificate a proxy was given, as its insight records it. */
export interface IssuedCertificate {
  readonly backend: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/**
 * Kuma's DataplaneInsight status sink: each ADS stream of a Dataplane is a subscription (connect /
 * disconnect time, responses sent / ACKed / NACKed per type, the last NACK's detail in
 * `metadata.lastNack`), published as `DataplaneInsightUpdated` events — coalesced: counters every
 * flush interval, connects and disconnects within `urgentFlushMs`. A newer subscription closes the
 * older open ones (`finalizeSubscriptions`). Only insights of Dataplanes the zone holds are written
 * (proxyless clients have none). Insights are status: writing them never regenerates xDS.
 */
export class DataplaneInsightRecorder {
  private readonly store: InsightStore;
  private readonly options: Required<DataplaneInsightRecorderOptions>;
  private readonly nodes = new Map<string, NodeState>();
  private interval: NodeJS.Timeout | undefined;
  private urgent: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(store: InsightStore, options: DataplaneInsightRecorderOptions) {
    this.store = store;
    this.options = { urgentFlushMs: 100, subscriptionLimit: 2, ...options };
  }

  start(): void {
    this.interval ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Closes this instance's open subscriptions (the CP is going away) and publishes them. */
  async stop(): Promise<void> {
    clearInterval(this.interval);
    clearTimeout(this.urgent);
    this.interval = undefined;
    const now = new Date();
    for (const state of this.nodes.values()) {
      for (const subscription of state.subscriptions) subscription.disconnect(now);
      state.dirty = true;
    }
    await this.flush();
  }

  /** ADS callbacks to hand to the xDS server. */
  observers(): AdsCallbacks {
    return {
      streamOpened: ({ nodeId, node }) => this.opened(nodeId, node),
      streamClosed: ({ nodeId }) => this.closed(nodeId),
      responseSent: ({ nodeId, typeUrl }) => this.current(nodeId)?.sent(typeUrl, new Date()),
      ackReceived: ({ nodeId, typeUrl }) => this.current(nodeId)?.acked(typeUrl, new Date()),
      nackReceived: ({ nodeId, typeUrl, nack }) => {
        this.current(nodeId)?.rejected(typeUrl, { version: nack.version, code: nack.code, message: nack.message }, new Date());
        this.scheduleUrgent();
      },
    };
  }

  /** Whether the stored insight shows the proxy connected to another CP instance of this zone. */
  connectedElsewhere(nodeId: string): boolean {
    const { mesh, name } = parseProxyId(nodeId);
    const insight = this.store.get({ kind: SubjectKinds.DataplaneInsight, mesh, name });
    if (insight?.type !== ResourceTypes.DataplaneInsight) return false;
    return insight.subscriptions.some((s) => s.disconnectTime === undefined && s.controlPlaneInstanceId !== this.options.instanceId);
  }

  /** Publishes every changed insight now; resolves when written (failures stay dirty for the next flush). */
  /**
   * A connected proxy got an identity certificate: its insight's `mTLS` says when it expires, when it was made, by
   * which backend, and counts it (`certificateRegenerations`), as Kuma's zone records it.
   */
  certificateIssued(nodeId: string, issued: IssuedCertificate): void {
    const state = this.nodes.get(nodeId);
    if (state === undefined) return;
    state.certificate = { backend: issued.backend, issuedAt: issued.issuedAt.toISOString(), expiresAt: issued.expiresAt.toISOString() };
    state.unflushedCertificates = (state.unflushedCertificates ?? 0) + 1;
    state.dirty = true;
    this.scheduleUrgent();
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private opened(nodeId: string, node: AdsNode): void {
    let mesh: string;
    let name: string;
    try {
      ({ mesh, name } = parseProxyId(nodeId));
    } catch {
      return;
    }
    if (mesh === '') return; // ZoneIngress / ZoneEgress: their insights are not recorded here
    let state = this.nodes.get(nodeId);
    if (state === undefined) this.nodes.set(nodeId, (state = { mesh, name, subscriptions: [], generation: 0, dirty: false, open: 0 }));
    const now = new Date();
    for (const subscription of state.subscriptions) subscription.disconnect(now);
    const version: DataplaneVersion | undefined = versionFromNode(node);
    state.subscriptions.push(new DiscoverySubscriptionRecord(nanoid(), this.options.instanceId, now.toISOString(), version));
    state.open++;
    state.dirty = true;
    this.scheduleUrgent();
  }

  private closed(nodeId: string): void {
    const state = this.nodes.get(nodeId);
    if (state === undefined) return;
    state.open = Math.max(0, state.open - 1);
    if (state.open > 0) return;
    state.subscriptions.at(-1)?.disconnect(new Date());
    state.dirty = true;
    this.scheduleUrgent();
  }

  private current(nodeId: string): DiscoverySubscriptionRecord | undefined {
    const state = this.nodes.get(nodeId);
    const subscription = state?.subscriptions.at(-1);
    if (state === undefined || subscription === undefined || !subscription.online) return undefined;
    state.dirty = true;
    return subscription;
  }

  private scheduleUrgent(): void {
    this.urgent ??= setTimeout(() => {
      this.urgent = undefined;
      void this.flush();
    }, this.options.urgentFlushMs);
  }

  private async flushOnce(): Promise<void> {
    for (const [nodeId, state] of this.nodes) {
      if (!state.dirty) continue;
      const dataplane = this.store.get({ kind: SubjectKinds.Dataplane, mesh: state.mesh, name: state.name });
      if (dataplane === undefined) {
        // Not (yet) registered: a lifecycle upsert may still be in flight; proxyless clients never are.
        if (state.open === 0) this.nodes.delete(nodeId);
        continue;
      }
      state.dirty = false;
      state.generation++;
      const certificates = state.unflushedCertificates ?? 0;
      try {
        await this.store.upsert(this.insightOf(state));
        state.unflushedCertificates = (state.unflushedCertificates ?? 0) - certificates;
      } catch (error) {
        state.dirty = true;
        this.options.logger.warn({ err: error, nodeId }, 'DataplaneInsight not published; retrying at the next flush');
        continue;
      }
      if (state.open === 0 && !state.dirty) this.nodes.delete(nodeId);
      if (state.subscriptions.length > this.options.subscriptionLimit)
        state.subscriptions.splice(0, state.subscriptions.length - this.options.subscriptionLimit);
    }
  }

  /** The stored insight with this instance's subscriptions replaced by their current state. */
  private insightOf(state: NodeState): DataplaneInsight {
    const stored = this.store.get({ kind: SubjectKinds.DataplaneInsight, mesh: state.mesh, name: state.name });
    const ours = new Map(state.subscriptions.map((s) => [s.id, s.toJSON(state.generation)]));
    const newest = state.subscriptions.at(-1);
    const others: DiscoverySubscription[] = (stored?.type === ResourceTypes.DataplaneInsight ? stored.subscriptions : [])
      .filter((s) => !ours.has(s.id))
      // a newer subscription here closes the older open ones, as Kuma's finalizeSubscriptions does
      .map((s) =>
        s.disconnectTime === undefined && newest !== undefined && s.connectTime !== undefined && s.connectTime < newest.connectTime
          ? { ...s, disconnectTime: newest.connectTime }
          : s,
      );
    const subscriptions = [...others, ...ours.values()]
      .sort((a, b) => (a.connectTime ?? '').localeCompare(b.connectTime ?? ''))
      .slice(-this.options.subscriptionLimit);
    const lastNack = [...state.subscriptions].reverse().find((s) => s.lastNack !== undefined)?.lastNack;
    const previous = stored?.type === ResourceTypes.DataplaneInsight ? stored : undefined;
    return {
      type: ResourceTypes.DataplaneInsight,
      mesh: state.mesh,
      name: state.name,
      labels: previous?.labels ?? {},
      subscriptions,
      ...(state.certificate !== undefined
        ? {
            mTLS: {
              certificateExpirationTime: state.certificate.expiresAt,
              lastCertificateRegeneration: state.certificate.issuedAt,
              certificateRegenerations: (previous?.mTLS?.certificateRegenerations ?? 0) + (state.unflushedCertificates ?? 0),
              issuedBackend: state.certificate.backend,
              supportedBackends: [state.certificate.backend],
            },
          }
        : previous?.mTLS === undefined
          ? {}
          : { mTLS: previous.mTLS }),
      ...(lastNack === undefined && previous?.metadata === undefined
        ? {}
        : { metadata: { ...previous?.metadata, ...(lastNack === undefined ? {} : { lastNack }) } }),
    };
  }
}
