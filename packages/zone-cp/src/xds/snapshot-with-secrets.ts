import { buildSnapshot, type GeneratedResource, type XdsSnapshot } from '@kumiko/xds';

/**
 * `snapshot` with `secrets` (SDS Secrets) added as a type of their own; `snapshot` itself when there are none.
 * `snapshot` must hold no Secrets (a proxyless one holds none). Neither input is changed.
 */
export function snapshotWithSecrets(snapshot: XdsSnapshot, secrets: readonly GeneratedResource[]): XdsSnapshot {
  if (secrets.length === 0) return snapshot;
  const added = buildSnapshot(secrets);
  return {
    resources: new Map([...snapshot.resources, ...added.resources]),
    versions: new Map([...snapshot.versions, ...added.versions]),
  };
}
