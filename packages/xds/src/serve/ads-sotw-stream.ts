import { encodeDiscoveryResponse } from './ads-response-encoder.js';
import { AdsStream } from './ads-stream.js';
import { FULL_STATE_TYPES, isKnownTypeUrl, ResourceSubscription } from './ads-subscription.js';
import type { DiscoveryRequest } from '../generated/envoy/service/discovery/v3/discovery.js';
import { PUSH_ORDER, type SnapshotResource, type TypeUrl } from '../snapshot/xds-snapshot.js';
import { truncatedNackDetail } from './ads-input-limits.js';

interface SotwTypeState {
  readonly subscription: ResourceSubscription;
  /** `version_info` of the stream's first request of this type: the version a reconnecting client holds. */
  readonly initialVersion: string;
  /** Nonce of the latest response of this type; a request echoing any other non-empty nonce is stale. */
  lastNonce: string | undefined;
  /** A response is in flight: sent, neither ACKed nor NACKed yet. */
  awaiting: boolean;
  lastSentVersion: string;
  /** Subscribed name → resource version last sent to the client (whether it ACKed or NACKed it). */
  readonly sent: Map<string, string>;
  /** The client holds a known state of this type: we answered, or it reconnected at the current version. */
  synced: boolean;
  /** Names the resource provider was already asked for. */
  readonly asked: Set<string>;
  /** Bumped on every subscription change. */
  subscriptionEpoch: number;
  /** The (type version, subscription epoch) last compared with what the client holds: same pair, same outcome. */
  evaluated: { version: string; epoch: number } | undefined;
}

const NO_RESOURCES: ReadonlyMap<string, SnapshotResource> = new Map();

/**
 * One state-of-the-world ADS stream (`StreamAggregatedResources`).
 *
 * Per type URL: one response in flight at a time (the next waits for the ACK/NACK of the previous);
 * requests echoing a stale nonce are ignored (the client's next request repeats its full
 * subscription); a NACK (`error_detail` present) is counted and logged, and the rejected content
 * is not sent again — only a changed resource or a new subscription makes the next response.
 * What the client holds is tracked per resource, so a response goes out only when a subscribed
 * resource changed, appeared, or (LDS/CDS) disappeared. LDS/CDS responses carry every subscribed
 * resource (absence deletes); RDS/EDS responses carry only the changed or newly subscribed ones.
 */
export class AdsSotwStream extends AdsStream<DiscoveryRequest> {
  private readonly types = new Map<string, SotwTypeState>();

  protected override handleRequest(typeUrl: string, request: DiscoveryRequest): void {
    let state = this.types.get(typeUrl);
    if (state === undefined) {
      state = {
        subscription: new ResourceSubscription(typeUrl),
        initialVersion: request.version_info ?? '',
        lastNonce: undefined,
        awaiting: false,
        lastSentVersion: '',
        sent: new Map(),
        synced: false,
        asked: new Set(),
        subscriptionEpoch: 0,
        evaluated: undefined,
      };
      this.types.set(typeUrl, state);
    }
    const nonce = request.response_nonce ?? '';
    if (nonce !== '' && nonce !== state.lastNonce) {
      this.logger.debug({ nodeId: this.nodeId, typeUrl, nonce, expected: state.lastNonce }, 'ignoring request with a stale nonce');
      return;
    }
    if (nonce !== '' && state.awaiting) {
      state.awaiting = false;
      if (isKnownTypeUrl(typeUrl)) this.acknowledge(typeUrl, state, request, nonce);
    }
    const { added, changed } = state.subscription.replace(request.resource_names ?? []);
    if (changed) {
      state.subscriptionEpoch++;
      for (const name of state.sent.keys()) if (!state.subscription.includes(name)) state.sent.delete(name);
    }
    if (added.length > 0 && isKnownTypeUrl(typeUrl)) this.askForMissing(typeUrl, state, added);
    this.respond(typeUrl, state);
  }

  protected override respondAll(): void {
    for (const typeUrl of PUSH_ORDER) {
      const state = this.types.get(typeUrl);
      if (state !== undefined) this.respond(typeUrl, state);
    }
  }

  private acknowledge(typeUrl: TypeUrl, state: SotwTypeState, request: DiscoveryRequest, nonce: string): void {
    const nodeId = this.nodeId ?? '';
    const error = request.error_detail;
    if (error === undefined) {
      const version = request.version_info ?? '';
      this.deps.cache.recordAck(nodeId, typeUrl, version);
      this.deps.callbacks.ackReceived?.({ nodeId, kind: this.kind, typeUrl, version, nonce });
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
      { nodeId, typeUrl, version: nack.version, clientVersion: request.version_info, code: nack.code, error: nack.message },
      'xDS response rejected (NACK)',
    );
    this.deps.cache.recordNack(nodeId, typeUrl, nack);
    this.deps.callbacks.nackReceived?.({ nodeId, kind: this.kind, typeUrl, nack });
  }

  private askForMissing(typeUrl: TypeUrl, state: SotwTypeState, added: readonly string[]): void {
    const present = this.snapshot?.resources.get(typeUrl) ?? NO_RESOURCES;
    const missing = added.filter((name) => !present.has(name) && !state.asked.has(name));
    for (const name of missing) state.asked.add(name);
    void this.askProvider(typeUrl, missing);
  }

  private respond(typeUrl: string, state: SotwTypeState): void {
    const snapshot = this.snapshot;
    if (!this.writable || state.awaiting || snapshot === undefined || !isKnownTypeUrl(typeUrl)) return;
    const version = snapshot.versions.get(typeUrl) ?? '';
    // Versions hash the type's whole content: nothing new since the last comparison, nothing to send.
    if (version !== '' && state.evaluated?.version === version && state.evaluated.epoch === state.subscriptionEpoch) return;
    state.evaluated = { version, epoch: state.subscriptionEpoch };
    const all = snapshot.resources.get(typeUrl) ?? NO_RESOURCES;
    const { subscription, sent } = state;
    const subscribed: SnapshotResource[] = [];
    if (subscription.wildcard) for (const resource of all.values()) subscribed.push(resource);
    else {
      for (const name of subscription.names) {
        const resource = all.get(name);
        if (resource !== undefined) subscribed.push(resource);
      }
    }
    const trustVersion = subscription.wildcard || this.deps.skipResendOnReconnect === 'all';
    if (!state.synced && trustVersion && state.initialVersion !== '' && state.initialVersion === version) {
      // A reconnecting client already holds this exact version: nothing to resend.
      for (const resource of subscribed) sent.set(resource.name, resource.version);
      state.synced = true;
    }
    const changed = subscribed.filter((resource) => sent.get(resource.name) !== resource.version);
    if (!FULL_STATE_TYPES.has(typeUrl)) {
      if (changed.length === 0) return;
      for (const resource of changed) sent.set(resource.name, resource.version);
      this.send(typeUrl, state, version, changed);
      return;
    }
    let deleted = false;
    for (const name of sent.keys()) if (!all.has(name)) deleted = true;
    // A wildcard client (Envoy) waits for its first LDS/CDS response even when it is empty.
    const firstWildcard = !state.synced && subscription.wildcard;
    if (changed.length === 0 && !deleted && !firstWildcard) return;
    sent.clear();
    for (const resource of subscribed) sent.set(resource.name, resource.version);
    this.send(typeUrl, state, version, subscribed);
  }

  private send(typeUrl: TypeUrl, state: SotwTypeState, version: string, resources: readonly SnapshotResource[]): void {
    const nodeId = this.nodeId ?? '';
    const nonce = this.nextNonce();
    state.lastNonce = nonce;
    state.awaiting = true;
    state.synced = true;
    state.lastSentVersion = version;
    this.write(encodeDiscoveryResponse({ typeUrl, versionInfo: version, nonce, resources }));
    this.deps.cache.recordResponseSent(nodeId, typeUrl, version);
    const names = resources.map((resource) => resource.name);
    this.logger.debug({ nodeId, typeUrl, version, nonce, resources: names }, 'sent xDS response');
    this.deps.callbacks.responseSent?.({ nodeId, kind: this.kind, typeUrl, version, nonce, resources: names, removed: [] });
  }
}
