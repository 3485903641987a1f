import type { NatsConnection } from 'nats';
import { decodeMesh, loadSettings } from '@kumiko/api';
import { encodeGlobalViewEntry, globalSubject, SubjectKinds } from '@kumiko/events';
import { freePort } from '@kumiko/testing';
import { startZoneControlPlane, zoneCpSettings, type ZoneControlPlane } from '@kumiko/zone-cp';
import { silentLogger } from './pipeline-fixtures.js';

/** Publishes mesh `name` into the GLOBAL stream as the global CP's outbox relay does. */
export async function publishMesh(nc: NatsConnection, name: string): Promise<void> {
  const decoded = decodeMesh({ type: 'Mesh', name });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  const entry = {
    kind: SubjectKinds.Mesh,
    name,
    resource: decoded.value,
    outboxId: `mesh-${name}`,
    time: new Date().toISOString(),
  };
  await nc.jetstream().publish(globalSubject({ kind: SubjectKinds.Mesh, mesh: undefined, name }), encodeGlobalViewEntry(entry));
}

/** A zone CP in this process on free loopback ports (API on 127.0.0.1, DP server on any free port), once ready. */
export async function startZoneInProcess(zone: string, natsUrl: string, env: Record<string, string> = {}): Promise<ZoneControlPlane> {
  const config = loadSettings(zoneCpSettings, {
    KUMA_MULTIZONE_ZONE_NAME: zone,
    KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    KUMA_EVENTS_NATS_URL: natsUrl,
    KUMA_DP_SERVER_PORT: '0',
    ...env,
  });
  const started = await startZoneControlPlane(config, silentLogger);
  await started.ready;
  return started;
}
