import { connect, type NatsConnection } from 'nats';
import { decodeMesh, loadSettings } from '@kumiko/api';
import { ensureStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream } from '@kumiko/events';
import { freePort, loopbackTlsEnvironment, type NatsServer, startNats, waitFor } from '@kumiko/testing';
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
    ...loopbackTlsEnvironment(),
    KUMA_EVENTS_NATS_URL: natsUrl,
    KUMA_DP_SERVER_PORT: '0',
    ...env,
  });
  const started = await startZoneControlPlane(config, silentLogger);
  await started.ready;
  return started;
}

/** A zone CP in this process on its own NATS, with the streams provisioned and `meshes` in the GLOBAL stream. */
export interface StandaloneZone {
  readonly nats: NatsServer;
  readonly nc: NatsConnection;
  readonly zone: ZoneControlPlane;
  /** The zone API's base URL on 127.0.0.1. */
  readonly api: string;
  stop(): Promise<void>;
}

/** Starts a {@link StandaloneZone} and waits until every mesh of `meshes` is in the zone's replica. */
export async function startStandaloneZone(
  name: string,
  meshes: readonly string[],
  env: Record<string, string> = {},
): Promise<StandaloneZone> {
  const nats = await startNats();
  const nc = await connect({ servers: nats.url });
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, zonesStream());
  await ensureStream(jsm, globalStream());
  for (const mesh of meshes) await publishMesh(nc, mesh);
  const zone = await startZoneInProcess(name, nats.url, env);
  for (const mesh of meshes) await waitFor(`mesh ${mesh} in the replica`, () => zone.replica.get(SubjectKinds.Mesh, mesh));
  return {
    nats,
    nc,
    zone,
    api: zone.url.replace('0.0.0.0', '127.0.0.1'),
    async stop() {
      await zone.stop();
      await nc.close();
      await nats.stop();
    },
  };
}

/** One JSON request to a zone API; the body is parsed as JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
