import { encodeDeltaDiscoveryResponse } from './ads-response-encoder.js';
import { AdsStream } from './ads-stream.js';
import { isKnownTypeUrl, ResourceSubscription } from './ads-subscription.js';
import type { DeltaDiscoveryRequest } from '../generated/envoy/service/discovery/v3/discovery.js';
import { PUSH_ORDER, type SnapshotResource, type TypeUrl } from '../snapshot/xds-snapshot.js';
import { truncatedNackDetail } from './ads-input-limits.js';

interface DeltaTypeState {
  readonly subscription: ResourceSubscription;
  /** Name → version the client holds: its initial_resource_versions, then what we sent. */
  readonly held: Map<string, string>;
  /** Subscribed names to send even if the client holds their current version (a subscribe is always answered). */
  readonly force: Set<string>;
  /** Subscribed names already reported in removed_resources because they do not exist. */
  readonly reportedMissing: Set<string>;
  /** Names the resource provider was asked for and has not settled yet. */
  readonly pending: Set<string>;
  readonly asked: Set<string>;
  lastNonce: string | undefined;
  awaiting: boolean;
  lastSentVersion: string;
}

const NO_RESOURCES: ReadonlyMap<string, SnapshotResource> = new Map();

/**
 * One incremental ADS stream (`DeltaAggregatedResources`).
 *
 * Per type URL the server tracks which resource versions the client holds (seeded from
 * `initial_resource_versions` on reconnect) and sends only resources whose version differs, plus
 * every name of a subscribe list; resources the client holds that left the snapshot go out in
 * `removed_resources`, as do subscribed names that do not exist (once the resource provider, if
 * any, had its chance). Subscription changes are honoured even on a stale nonce (xDS protocol);
 * ACK/NACK is matched by nonce; one response in flight per type; a NACKed version is not resent.
 * Wildcard: `*`, or an empty first subscribe list for LDS/CDS.
 */
export class DeltaAdsStream extends AdsStream<DeltaDiscoveryRequest> {
  private readonly types = new Map<string, DeltaTypeState>();

  protected override handleRequest(typeUrl: string, request: DeltaDiscoveryRequest): void {
    let state = this.types.get(typeUrl);
    const first = state === undefined;
    if (state === undefined) {
      state = {
        subscription: new ResourceSubscription(typeUrl),
        held: new Map(Object.entries(request.initial_resource_versions ?? {})),
        force: new Set(),
        reportedMissing: new Set(),
        pending: new Set(),
        asked: new Set(),
        lastNonce: undefined,
        awaiting: false,
        lastSentVersion: '',
      };
      this.types.set(typeUrl, state);
    }
    const nonce = request.response_nonce ?? '';
    if (nonce !== '' && nonce === state.lastNonce && state.awaiting) {
      state.awaiting = false;
      if (isKnownTypeUrl(typeUrl)) this.acknowledge(typeUrl, state, request, nonce);
    } else if (nonce !== '' && nonce !== state.lastNonce) {
      this.logger.debug(
        { nodeId: this.nodeId, typeUrl, nonce, expected: state.lastNonce },
        'stale nonce; applying subscription changes only',
      );
    }
    const { subscription } = state;
    const wasWildcard = subscription.wildcard;
    const { subscribed, unsubscribed } = subscription.change(
      request.resource_names_subscribe ?? [],
      request.resource_names_unsubscribe ?? [],
      first,
    );
    for (const name of unsubscribed) {
      state.force.delete(name);
      state.reportedMissing.delete(name);
      if (!subscription.wildcard) state.held.delete(name);
    }
    if (first || (wasWildcard && !subscription.wildcard)) {
      // Forget what the client holds outside its subscription: initial versions of names it no
      // longer wants, or what it held only through the wildcard it just dropped.
      for (const name of state.held.keys()) if (!subscription.includes(name)) state.held.delete(name);
    }
    for (const name of subscribed) {
      // On reconnect, names the client already holds (initial_resource_versions) need no resend.
      if (!(first && state.held.has(name))) state.force.add(name);
      state.reportedMissing.delete(name);
    }
    if (subscribed.length > 0 && isKnownTypeUrl(typeUrl)) this.askForMissing(typeUrl, state, subscribed);
    this.respond(typeUrl, state);
  }

  protected override respondAll(): void {
    for (const typeUrl of PUSH_ORDER) {
      const state = this.types.get(typeUrl);
      if (state !== undefined) this.respond(typeUrl, state);
    }
  }

  private acknowledge(typeUrl: TypeUrl, state: DeltaTypeState, request: DeltaDiscoveryRequest, nonce: string): void {
    const nodeId = this.nodeId ?? '';
    const error = request.error_detail;
    if (error === undefined) {
      this.deps.cache.recordAck(nodeId, typeUrl, state.lastSentVersion);
      this.deps.callbacks.ackReceived?.({ nodeId, kind: this.kind, typeUrl, version: state.lastSentVersion, nonce });
      return;
    }
    const nack = {
      version: state.lastSentVersion,
      nonce,
      code: error.code ?? 0,
      message: truncatedNackDetail(error.message ?? ''),
      at: new Date(),
    };
    this.logger.warn(
      { nodeId, typeUrl, version: nack.version, code: nack.code, error: nack.message },
      'xDS delta response rejected (NACK)',
    );
    this.deps.cache.recordNack(nodeId, typeUrl, nack);
    this.deps.callbacks.nackReceived?.({ nodeId, kind: this.kind, typeUrl, nack });
  }

  private askForMissing(typeUrl: TypeUrl, state: DeltaTypeState, subscribed: readonly string[]): void {
    const present = this.snapshot?.resources.get(typeUrl) ?? NO_RESOURCES;
    const missing = subscribed.filter((name) => !present.has(name) && !state.asked.has(name));
    const settled = this.askProvider(typeUrl, missing);
    if (settled === undefined) return;
    for (const name of missing) {
      state.asked.add(name);
      state.pending.add(name);
    }
    void settled.then(() => {
      for (const name of missing) state.pending.delete(name);
      this.respond(typeUrl, state);
    });
  }

  private respond(typeUrl: string, state: DeltaTypeState): void {
    const snapshot = this.snapshot;
    if (!this.writable || state.awaiting || snapshot === undefined || !isKnownTypeUrl(typeUrl)) return;
    const all = snapshot.resources.get(typeUrl) ?? NO_RESOURCES;
    const { subscription, held, force } = state;
    const toSend: SnapshotResource[] = [];
    const consider = (resource: SnapshotResource): void => {
      if (force.has(resource.name) || held.get(resource.name) !== resource.version) toSend.push(resource);
    };
    if (subscription.wildcard) for (const resource of all.values()) consider(resource);
    else {
      for (const name of subscription.names) {
        const resource = all.get(name);
        if (resource !== undefined) consider(resource);
      }
    }
    const removed = [...held.keys()].filter((name) => !all.has(name));
    for (const name of subscription.names) {
      const unknown = !all.has(name) && !held.has(name) && !state.reportedMissing.has(name) && !state.pending.has(name);
      if (unknown) removed.push(name);
    }
    if (toSend.length === 0 && removed.length === 0) return;
    for (const resource of toSend) {
      held.set(resource.name, resource.version);
      force.delete(resource.name);
      state.reportedMissing.delete(resource.name);
    }
    for (const name of removed) {
      held.delete(name);
      force.delete(name);
      if (subscription.names.has(name)) state.reportedMissing.add(name);
    }
    this.send(typeUrl, state, snapshot.versions.get(typeUrl) ?? '', toSend, removed);
  }

  private send(
    typeUrl: TypeUrl,
    state: DeltaTypeState,
    version: string,
    resources: readonly SnapshotResource[],
    removed: readonly string[],
  ): void {
    const nodeId = this.nodeId ?? '';
    const nonce = this.nextNonce();
    state.lastNonce = nonce;
    state.awaiting = true;
    state.lastSentVersion = version;
    this.write(encodeDeltaDiscoveryResponse({ typeUrl, systemVersionInfo: version, nonce, resources, removed }));
    this.deps.cache.recordResponseSent(nodeId, typeUrl, version);
    const names = resources.map((resource) => resource.name);
    this.logger.debug({ nodeId, typeUrl, version, nonce, resources: names, removed }, 'sent xDS delta response');
    this.deps.callbacks.responseSent?.({ nodeId, kind: this.kind, typeUrl, version, nonce, resources: names, removed });
  }
}
