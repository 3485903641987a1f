import type { Metadata } from '@grpc/grpc-js';
import type { AdsStreamKind } from './ads-callbacks.js';
import type { Node } from '../generated/envoy/config/core/v3/base.js';

/** What a stream's authenticator is shown: the node its first request named, and the gRPC call's metadata. */
export interface AdsStreamCredentials {
  readonly nodeId: string;
  readonly node: Node;
  readonly kind: AdsStreamKind;
  /** The metadata (headers) the client opened the call with, e.g. Kuma's `authorization` token. */
  readonly metadata: Metadata;
}

/**
 * Decides whether a stream may be served. It runs once per stream, on the first request, before the stream
 * watches the cache, tells any callback or sends anything. Resolving admits the stream; rejecting ends it with
 * gRPC UNAUTHENTICATED and details `authentication failed: <the error's message>`.
 */
export type AdsAuthenticator = (stream: AdsStreamCredentials) => Promise<void>;

/** Kuma's refusal of a request whose node id differs from the one the stream was opened (and authenticated) for. */
export function nodeIdChangedMessage(pinned: string, requested: string): string {
  return `stream was authenticated for ID ${pinned}. Received request is for node with ID ${requested}. Node ID cannot be changed after stream is initialized`;
}
