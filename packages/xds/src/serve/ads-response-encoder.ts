import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { deltaFrames, sotwFrames } from '../snapshot/derived-cache.js';
import type { SnapshotResource, TypeUrl } from '../snapshot/xds-snapshot.js';

/**
 * Encodes DiscoveryResponse and DeltaDiscoveryResponse bytes around resources that are already
 * encoded. Each resource's framing (its Any, and for delta its Resource wrapper) is built once per
 * SnapshotResource object and shared by every stream that sends it; a response then only adds its
 * version, type URL and nonce. A SnapshotResource object belongs to exactly one type URL. The frames
 * are memoised in `derived-cache.ts`.
 */

/** `DiscoveryResponse.resources` entry (field 2): Any{type_url = 1, value = 2}. */
function sotwFrame(typeUrl: TypeUrl, resource: SnapshotResource): Uint8Array {
  let frame = sotwFrames.get(resource);
  if (frame === undefined) {
    const writer = new BinaryWriter().uint32(18).fork();
    writer.uint32(10).string(typeUrl).uint32(18).bytes(resource.encoded);
    frame = writer.join().finish();
    sotwFrames.set(resource, frame);
  }
  return frame;
}

/** `DeltaDiscoveryResponse.resources` entry (field 2): Resource{version = 1, resource = 2 (Any), name = 3}. */
function deltaFrame(typeUrl: TypeUrl, resource: SnapshotResource): Uint8Array {
  let frame = deltaFrames.get(resource);
  if (frame === undefined) {
    const writer = new BinaryWriter().uint32(18).fork();
    writer.uint32(10).string(resource.version);
    writer.uint32(18).fork().uint32(10).string(typeUrl).uint32(18).bytes(resource.encoded).join();
    writer.uint32(26).string(resource.name);
    frame = writer.join().finish();
    deltaFrames.set(resource, frame);
  }
  return frame;
}

export interface SotwResponseParts {
  readonly typeUrl: TypeUrl;
  readonly versionInfo: string;
  readonly nonce: string;
  readonly resources: readonly SnapshotResource[];
}

/** DiscoveryResponse{version_info = 1, resources = 2, type_url = 4, nonce = 5}. */
export function encodeDiscoveryResponse(parts: SotwResponseParts): Buffer {
  const head = new BinaryWriter().uint32(10).string(parts.versionInfo).finish();
  const tail = new BinaryWriter().uint32(34).string(parts.typeUrl).uint32(42).string(parts.nonce).finish();
  return Buffer.concat([head, ...parts.resources.map((r) => sotwFrame(parts.typeUrl, r)), tail]);
}

export interface DeltaResponseParts {
  readonly typeUrl: TypeUrl;
  readonly systemVersionInfo: string;
  readonly nonce: string;
  readonly resources: readonly SnapshotResource[];
  readonly removed: readonly string[];
}

/** DeltaDiscoveryResponse{system_version_info = 1, resources = 2, type_url = 4, nonce = 5, removed_resources = 6}. */
export function encodeDeltaDiscoveryResponse(parts: DeltaResponseParts): Buffer {
  const head = new BinaryWriter().uint32(10).string(parts.systemVersionInfo).finish();
  const tail = new BinaryWriter().uint32(34).string(parts.typeUrl).uint32(42).string(parts.nonce);
  for (const name of parts.removed) tail.uint32(50).string(name);
  return Buffer.concat([head, ...parts.resources.map((r) => deltaFrame(parts.typeUrl, r)), tail.finish()]);
}
