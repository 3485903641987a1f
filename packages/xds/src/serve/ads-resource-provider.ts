import type { Node } from '../generated/envoy/config/core/v3/base.js';
import type { TypeUrl } from '../snapshot/xds-snapshot.js';

/** A client asked by name for resources its node's snapshot does not hold. */
export interface MissingResourcesRequest {
  readonly nodeId: string;
  /** The node as the stream's first request described it (metadata, locality, client features). */
  readonly node: Node;
  readonly typeUrl: TypeUrl;
  /** Names newly requested on the stream and absent from the node's snapshot (or the node has none yet). */
  readonly names: readonly string[];
}

/**
 * The hook for resources generated on demand, e.g. proxyless gRPC: `xds:///backend` makes the client
 * ask LDS for the Listener `backend`, which no Dataplane-driven generator produced. The ADS server
 * never builds resources; it tells the provider which names are missing and goes on waiting.
 *
 * Contract: if the provider can serve some of the names, it makes the node's snapshot hold them
 * (`cache.set(nodeId, snapshotWithThem)`) — now or later, for as long as the node is connected, and
 * keeps them in the node's later snapshots, so updates keep flowing through the normal cache path.
 * The server pushes requested names as soon as a snapshot holds them. The server asks once per
 * stream, type and name; names it cannot serve it may ignore (SotW clients time out on their own).
 * A rejected promise is logged and otherwise ignored. For delta streams, a name the provider has
 * not made appear by the time its promise settles is reported to the client as removed.
 */
export interface ResourceProvider {
  provideMissing(request: MissingResourcesRequest): void | Promise<void>;
}
