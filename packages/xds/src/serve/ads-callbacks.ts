import type { Node } from '../generated/envoy/config/core/v3/base.js';
import type { NackDetail } from '../snapshot/snapshot-cache.js';
import type { TypeUrl } from '../snapshot/xds-snapshot.js';

/** Which ADS flavour a stream speaks. */
export type AdsStreamKind = 'sotw' | 'delta';

/**
 * Observers of the ADS servers, in the spirit of go-control-plane's server callbacks. They are
 * called synchronously from the stream's event handlers, must be cheap and must not throw. All are
 * optional. (The cache's counters already record sent/ACK/NACK per node; these are for callers that
 * need the moment it happens, e.g. the zone CP starting generation when a proxy connects.)
 */
export interface AdsCallbacks {
  /** The stream's first request arrived, naming `nodeId`. */
  readonly streamOpened?: (event: { readonly nodeId: string; readonly node: Node; readonly kind: AdsStreamKind }) => void;
  /** The stream ended (client closed, cancelled, error or server stop). */
  readonly streamClosed?: (event: { readonly nodeId: string; readonly kind: AdsStreamKind }) => void;
  readonly responseSent?: (event: {
    readonly nodeId: string;
    readonly kind: AdsStreamKind;
    readonly typeUrl: TypeUrl;
    readonly version: string;
    readonly nonce: string;
    readonly resources: readonly string[];
    readonly removed: readonly string[];
  }) => void;
  readonly ackReceived?: (event: {
    readonly nodeId: string;
    readonly kind: AdsStreamKind;
    readonly typeUrl: TypeUrl;
    readonly version: string;
    readonly nonce: string;
  }) => void;
  readonly nackReceived?: (event: {
    readonly nodeId: string;
    readonly kind: AdsStreamKind;
    readonly typeUrl: TypeUrl;
    readonly nack: NackDetail;
  }) => void;
}
