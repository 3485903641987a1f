/**
 * The control-plane side of `pnpm bench certs`' end-to-end scenario, run as a child process (`node --import tsx`):
 * a real zone CP (startZoneControlPlane: ZONES store and GLOBAL replica on a real NATS, MeshViews, ZoneXdsService
 * with proxy identities, insights) whose ADS the load client's streams connect to. The global's writes are played by
 * publishing into the GLOBAL stream, as the global CP's outbox relay does.
 *
 * Topology: mesh `secure` (mTLS, builtin backend `ca-1`) with SECURE Dataplanes `secure-<i>` of SERVICES services;
 * mesh `plain` (no mTLS) with PLAIN Dataplanes `plain-<i>` calling service `echo`, whose instances `echo-<n>` come
 * and go (the unrelated changes). IPC in (answered with the request's `id`): `rotate` (a new CA for `ca-1`: both
 * Secrets replaced), `change` (an `echo` instance added or removed), `loop` (event-loop delay and the process's CPU
 * time since the last `loop`), `exit`. Times are wall-clock milliseconds.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { connect } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh, loadSettings, secretData } from '@kumiko/api';
import { ensureStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream, type GlobalViewEntry } from '@kumiko/events';
import { createBuiltinCa } from '@kumiko/pki';
import { freePort, loopbackTlsEnvironment, OPEN_PLAINTEXT_DP_SERVER, startNats, waitFor } from '@kumiko/testing';
import { startZoneControlPlane, zoneCpSettings } from '@kumiko/zone-cp';

const [secureArg = '5000', plainArg = '50'] = process.argv.slice(2);
const SECURE = Number(secureArg);
const PLAIN = Number(plainArg);
const SERVICES = 100;
const SECURE_MESH = 'secure';
const PLAIN_MESH = 'plain';
/** Dataplane upserts in flight while loading. */
const LOAD_CONCURRENCY = 64;

const now = (): number => performance.timeOrigin + performance.now();
const send = (message: object): void => {
  process.send?.(message);
};

const nats = await startNats();
const nc = await connect({ servers: nats.url });
const jsm = await nc.jetstreamManager();
await ensureStream(jsm, zonesStream());
await ensureStream(jsm, globalStream());
let sequence = 0;

async function publishGlobal(entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
  const full = { ...entry, outboxId: `bench-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
  await nc.jetstream().publish(globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }), encodeGlobalViewEntry(full));
}

function decoded<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** The builtin backend's two Secrets, as the global writes them (key first, so a loaded pair never mixes CAs for long). */
async function publishCa(): Promise<string> {
  const ca = await createBuiltinCa({ mesh: SECURE_MESH });
  for (const [name, text] of [
    [`${SECURE_MESH}.ca-builtin-key-ca-1`, ca.keyPem],
    [`${SECURE_MESH}.ca-builtin-cert-ca-1`, ca.certPem],
  ] as const) {
    const resource = { type: 'Secret', mesh: SECURE_MESH, name, labels: {}, data: secretData(text) };
    await publishGlobal({ kind: SubjectKinds.Secret, mesh: SECURE_MESH, name, resource } as Omit<GlobalViewEntry, 'outboxId' | 'time'>);
  }
  return ca.certPem;
}

const mtls = { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] };
await publishGlobal({
  kind: SubjectKinds.Mesh,
  name: SECURE_MESH,
  resource: decoded(decodeMesh({ type: 'Mesh', name: SECURE_MESH, mtls })),
});
await publishGlobal({ kind: SubjectKinds.Mesh, name: PLAIN_MESH, resource: decoded(decodeMesh({ type: 'Mesh', name: PLAIN_MESH })) });
let caPem = await publishCa();

const zone = await startZoneControlPlane(
  loadSettings(zoneCpSettings, {
    KUMA_MULTIZONE_ZONE_NAME: 'zone-1',
    KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    ...loopbackTlsEnvironment(),
    KUMA_EVENTS_NATS_URL: nats.url,
    KUMA_DP_SERVER_PORT: '0',
    // the load clients dial plaintext without tokens: an open DP server, chosen (the figures are issuance and xDS)
    ...OPEN_PLAINTEXT_DP_SERVER,
  }),
  pino({ level: 'silent' }),
);
await zone.ready;
await waitFor('the meshes and the CA in the replica', () =>
  zone.replica.get(SubjectKinds.Mesh, PLAIN_MESH) !== undefined &&
  zone.replica.get(SubjectKinds.Secret, `${SECURE_MESH}.ca-builtin-cert-ca-1`, SECURE_MESH) !== undefined
    ? true
    : undefined,
);

function dataplane(mesh: string, name: string, index: number, service: string, outbound?: string) {
  return decoded(
    decodeDataplane({
      type: 'Dataplane',
      mesh,
      name,
      networking: {
        address: `10.${index >> 16}.${(index >> 8) & 255}.${index & 255}`,
        inbound: [{ port: 8080, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'http', version: 'v1' } }],
        ...(outbound === undefined ? {} : { outbound: [{ port: 20001, tags: { 'kuma.io/service': outbound } }] }),
      },
    }),
  );
}

const loading = [
  ...Array.from({ length: SECURE }, (_, i) => dataplane(SECURE_MESH, `secure-${i}`, i, `svc-${i % SERVICES}`)),
  ...Array.from({ length: PLAIN }, (_, i) => dataplane(PLAIN_MESH, `plain-${i}`, 100_000 + i, 'client', 'echo')),
  dataplane(PLAIN_MESH, 'echo-0', 200_000, 'echo'),
];
for (let start = 0; start < loading.length; start += LOAD_CONCURRENCY)
  await Promise.all(loading.slice(start, start + LOAD_CONCURRENCY).map((resource) => zone.store.upsert(resource)));

let echoInstances = 1;
/** Adds an `echo` instance, or removes the last one once there are four: every plain proxy's EDS changes. */
async function change(): Promise<number> {
  const at = now();
  if (echoInstances < 4) {
    await zone.store.upsert(dataplane(PLAIN_MESH, `echo-${echoInstances}`, 200_000 + echoInstances, 'echo'));
    echoInstances++;
  } else {
    echoInstances = 1;
    await Promise.all([1, 2, 3].map((n) => zone.store.delete(SubjectKinds.Dataplane, PLAIN_MESH, `echo-${n}`)));
  }
  return at;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let cpuSince = process.cpuUsage();

type HostRequest =
  | { readonly id: number; readonly op: 'rotate' }
  | { readonly id: number; readonly op: 'change' }
  | { readonly id: number; readonly op: 'loop' }
  | { readonly id: number; readonly op: 'exit' };

async function handle(request: HostRequest): Promise<object> {
  switch (request.op) {
    case 'rotate': {
      const at = now();
      caPem = await publishCa();
      return { at, caPem };
    }
    case 'change':
      return { at: await change() };
    case 'loop': {
      const cpu = process.cpuUsage(cpuSince);
      const stats = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
      loopDelay.reset();
      cpuSince = process.cpuUsage();
      return stats;
    }
    case 'exit':
      await zone.stop();
      await nc.close();
      await nats.stop();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (message: HostRequest) => {
  void handle(message).then(
    (reply) => send({ id: message.id, ...reply }),
    (error: unknown) => send({ id: message.id, error: String(error) }),
  );
});
send({ op: 'ready', port: zone.xdsPort(), caPem });
