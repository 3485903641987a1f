import { connect, type NatsConnection } from 'nats';
import { decodeMesh, GlobalSecretNames, loadSettings, secretData } from '@kumiko/api';
import { ensureStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream, type GlobalViewEntry } from '@kumiko/events';
import { generateTokenSigningKeyPem, issueDataplaneToken, issueZoneToken, signingPublicKeyPem } from '@kumiko/pki';
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
  /** The zone's name. */
  readonly name: string;
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
    name,
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

/** Tokens for a standalone zone's proxies, signed as the global CP signs them. */
export interface StandaloneTokens {
  /** A dataplane token of `mesh`, bound to `name` and the `kuma.io/service` values when given. */
  dataplane(claims: { mesh: string; name?: string; services?: readonly string[] }): Promise<string>;
  /** A zone token for this zone, of `scope` (default: ingress and egress). */
  zoneProxy(scope?: readonly string[]): Promise<string>;
}

/**
 * Stands in for the global CP's part in proxy authentication: publishes to the zone's GLOBAL stream what the global
 * would (each mesh's `dataplane-token-signing-key-<mesh>-1` Secret, the zone-token public key GlobalSecret) and signs
 * tokens with those keys. Resolves once the zone's replica holds them.
 */
export async function standaloneTokens(zone: StandaloneZone, meshes: readonly string[]): Promise<StandaloneTokens> {
  const js = zone.nc.jetstream();
  const publish = async (kind: 'secret' | 'globalsecret', mesh: string | undefined, name: string, text: string): Promise<void> => {
    const resource =
      kind === 'secret'
        ? { type: 'Secret', mesh, name, labels: {}, data: secretData(text) }
        : { type: 'GlobalSecret', name, labels: {}, data: secretData(text) };
    const entry = {
      kind,
      mesh,
      name,
      resource,
      outboxId: `tokens-${kind}-${mesh ?? ''}-${name}`,
      time: new Date().toISOString(),
    } as GlobalViewEntry;
    await js.publish(globalSubject({ kind, mesh, name }), encodeGlobalViewEntry(entry));
    await waitFor(`${name} in the zone's replica`, () => zone.zone.replica.get(kind, name, mesh));
  };
  const meshKeys = new Map<string, string>();
  for (const mesh of meshes) {
    const pem = await generateTokenSigningKeyPem();
    meshKeys.set(mesh, pem);
    await publish(SubjectKinds.Secret, mesh, `dataplane-token-signing-key-${mesh}-1`, pem);
  }
  const zoneKey = await generateTokenSigningKeyPem();
  await publish(
    SubjectKinds.GlobalSecret,
    undefined,
    `${GlobalSecretNames.zoneTokenSigningPublicKeyPrefix}-1`,
    signingPublicKeyPem(zoneKey),
  );
  const signing = (pem: string) => ({ signingKeyPem: pem, serial: 1, validForSeconds: 3600 });
  return {
    dataplane({ mesh, name = '', services }) {
      const pem = meshKeys.get(mesh);
      if (pem === undefined) throw new Error(`no signing key for mesh ${mesh}`);
      const tags: Record<string, readonly string[]> = services === undefined ? {} : { 'kuma.io/service': services };
      return issueDataplaneToken({ name, mesh, tags, type: 'dataplane', workload: '' }, signing(pem));
    },
    zoneProxy(scope = ['ingress', 'egress']) {
      return issueZoneToken({ zone: zone.name, scope }, signing(zoneKey));
    },
  };
}
