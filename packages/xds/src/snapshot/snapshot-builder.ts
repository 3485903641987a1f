import { createHash } from 'node:crypto';
import { encodedResources } from './derived-cache.js';
import { type GeneratedResource, encodeMessage } from './generated-resource.js';
import {
  type SnapshotProblem,
  SnapshotInconsistentError,
  SnapshotProblemCodes,
  checkSnapshotConsistency,
  compareProblems,
} from './snapshot-consistency.js';
import type { SnapshotResource, TypeUrl, XdsSnapshot } from './xds-snapshot.js';
import { compareStrings } from './string-order.js';

/**
 * The snapshot form of a resource: its bytes and a version that is a hash of them. Memoised per
 * resource object, so a resource shared by many proxies is encoded and hashed once, and every
 * snapshot that holds it holds the same {@link SnapshotResource}.
 */
export function encodeResource(resource: GeneratedResource): SnapshotResource {
  const known = encodedResources.get(resource);
  if (known) return known;
  const bytes = encodeMessage(resource);
  const result: SnapshotResource = { name: resource.name, encoded: bytes, version: hashHex(bytes) };
  encodedResources.set(resource, result);
  return result;
}

/**
 * Turns one proxy's generated resources into an immutable {@link XdsSnapshot}: each resource
 * encoded once (see {@link encodeResource}), names sorted within each type, and per type a version
 * that hashes the sorted (name, version) pairs — equal content, equal versions, no push.
 *
 * The set is checked first: the same (type, name) twice is fine when the bytes are equal and a
 * problem otherwise, and then every rule of `checkSnapshotConsistency` applies. Throws
 * {@link SnapshotInconsistentError} listing every problem; nothing half-built escapes.
 */
export function buildSnapshot(resources: Iterable<GeneratedResource>): XdsSnapshot {
  const byType = new Map<TypeUrl, Map<string, GeneratedResource>>();
  const duplicates: SnapshotProblem[] = [];
  for (const resource of resources) {
    let named = byType.get(resource.typeUrl);
    if (!named) {
      named = new Map();
      byType.set(resource.typeUrl, named);
    }
    const existing = named.get(resource.name);
    if (existing === undefined) named.set(resource.name, resource);
    else if (existing !== resource && encodeResource(existing).version !== encodeResource(resource).version) {
      duplicates.push({ code: SnapshotProblemCodes.duplicateName, typeUrl: resource.typeUrl, name: resource.name });
    }
  }
  const problems = [...duplicates, ...checkSnapshotConsistency(byType)].sort(compareProblems);
  if (problems.length > 0) throw new SnapshotInconsistentError(problems);

  const snapshotResources = new Map<TypeUrl, ReadonlyMap<string, SnapshotResource>>();
  const versions = new Map<TypeUrl, string>();
  for (const [typeUrl, named] of byType) {
    const sorted = new Map<string, SnapshotResource>();
    const lines: string[] = [];
    for (const [name, resource] of [...named.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      const encodedResource = encodeResource(resource);
      sorted.set(name, encodedResource);
      lines.push(`${name}\u0000${encodedResource.version}\n`);
    }
    snapshotResources.set(typeUrl, sorted);
    versions.set(typeUrl, hashHex(lines.join('')));
  }
  return { resources: snapshotResources, versions };
}

function hashHex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
