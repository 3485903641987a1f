import type { Node } from '../generated/envoy/config/core/v3/base.js';

/**
 * The most characters of a NACK's `error_detail.message` kept: Envoy puts the whole rejected configuration's
 * error there, which can run to megabytes. What is kept is logged, recorded and stored (DataplaneInsight).
 */
export const MAX_NACK_DETAIL_CHARS = 4096;

/**
 * The largest node metadata accepted on an ADS stream, in bytes of its JSON form. It carries the proxy's resource
 * (`dataplane.resource`, whose own limit applies when it is registered) and a few versions and ports; Envoy
 * repeats it on every request of the stream.
 */
export const DEFAULT_MAX_NODE_METADATA_BYTES = 256 * 1024;

/** `message` cut to {@link MAX_NACK_DETAIL_CHARS}, saying how long it was; unchanged when it is short enough. */
export function truncatedNackDetail(message: string): string {
  if (message.length <= MAX_NACK_DETAIL_CHARS) return message;
  return `${message.slice(0, MAX_NACK_DETAIL_CHARS)}… (truncated; ${message.length} characters in all)`;
}

/** The size of a node's metadata in bytes of its JSON form (0 without metadata). */
export function nodeMetadataBytes(node: Node | undefined): number {
  const metadata = node?.metadata;
  return metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(metadata));
}
