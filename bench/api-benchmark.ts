/**
 * `pnpm bench api`: the global REST API over a large projection. 100,000 Dataplanes (and their insights) over
 * 5 zones and 10 meshes are written into Postgres through the projection's own writer (`planZoneBatch` →
 * `writeZoneBatch`, exactly what the projector runs), then a real global CP serves:
 *  - `GET /meshes/{m}/dataplanes?size=100&tag=kuma.io/service:<svc>` (substring tag match, total counted),
 *  - `GET /meshes/{m}/dataplanes/_overview?size=100` (with insights),
 *  - `GET /meshes/{m}/service-insights`,
 * each measured sequentially, first on a quiet store, then while zones keep changing 500 insights per second
 * (so cached service insights are invalidated and recomputed at every resync). Real nats-server and Postgres on
 * loopback; the figures come from the busy phase.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { pino } from 'pino';
import { decodeDataplane, decodeDataplaneInsight, loadSettings, type Dataplane, type DataplaneInsight } from '@kumiko/api';
import { encodeZoneEvent, zoneEventSubject, type ZoneEvent } from '@kumiko/events';
import { globalCpSettings, startGlobalControlPlane } from '@kumiko/global-cp';
import { createDatabase, migrateToLatest, planZoneBatch, writeZoneBatch, type KumikoDatabase, type ZoneStreamMessage } from '@kumiko/store';
import { freePort, loopbackTlsEnvironment, startNats, startPostgres, waitFor } from '@kumiko/testing';
import type { Kysely } from 'kysely';
import { percentile, type Benchmark, type BenchmarkRow } from './benchmark.js';

const DATAPLANES = Number(process.env['BENCH_API_DATAPLANES'] ?? 100_000);
const MESHES = 10;
const ZONES = 5;
const SERVICES_PER_MESH = 200;
const SAMPLES = Number(process.env['BENCH_API_SAMPLES'] ?? 400);
const CHURN_PER_SECOND = 500;
const SEED_CHECKPOINT = 'bench-seed';
const logger = pino({ level: 'silent' });
const time = new Date().toISOString();

/** Dataplane `i`: mesh `i % 10`; in its mesh, 200 services of two inbounds each; 1 in 20 a gateway; 1 in 23 with an inbound not ready. */
function fixture(i: number, insightOnline: boolean): { zone: string; dataplane: Dataplane; insight: DataplaneInsight } {
  const j = Math.floor(i / MESHES);
  const zone = `zone-${(Math.floor(j / 3) % ZONES) + 1}`;
  const mesh = `mesh-${i % MESHES}`;
  const service = `svc-${j % SERVICES_PER_MESH}`;
  const decoded = decodeDataplane({
    type: 'Dataplane',
    mesh,
    name: `backend-${i}`,
    labels: { team: `team-${j % 7}`, env: 'production' },
    networking: {
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      ...(j % 20 === 19
        ? { gateway: { type: 'DELEGATED', tags: { 'kuma.io/service': `gw-${j % 10}`, 'kuma.io/zone': zone } } }
        : {
            inbound: [
              {
                port: 8080,
                tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'http', version: `v${j % 3}`, 'kuma.io/zone': zone },
                ...(j % 23 === 0 ? { health: { ready: false } } : {}),
              },
              { port: 9090, tags: { 'kuma.io/service': `${service}-metrics`, 'kuma.io/protocol': 'tcp', 'kuma.io/zone': zone } },
            ],
          }),
      outbound: [
        { port: 10001, tags: { 'kuma.io/service': 'database' } },
        { port: 10002, tags: { 'kuma.io/service': 'cache' } },
      ],
      admin: { port: 9901 },
    },
  });
  const insight = decodeDataplaneInsight({
    type: 'DataplaneInsight',
    mesh,
    name: `backend-${i}`,
    subscriptions: [
      {
        id: `s-${i}`,
        controlPlaneInstanceId: 'zone-cp',
        connectTime: time,
        ...(insightOnline ? {} : { disconnectTime: time }),
        generation: 1,
      },
    ],
    mTLS: { issuedBackend: 'ca-1', supportedBackends: ['ca-1'], certificateRegenerations: 1 },
  });
  if (!decoded.ok || !insight.ok) throw new Error('bench fixture does not decode');
  return { zone, dataplane: decoded.value, insight: insight.value };
}

class ZoneEventWriter {
  private seq = 0;
  constructor(private readonly db: Kysely<KumikoDatabase>) {}

  /** Projects the events in one batch, as the projector would. */
  async write(events: readonly ZoneEvent[]): Promise<void> {
    const messages: ZoneStreamMessage[] = events.map((event) => ({
      seq: ++this.seq,
      subject: zoneEventSubject(event),
      data: encodeZoneEvent(event),
    }));
    await writeZoneBatch(this.db, planZoneBatch(messages), { checkpoint: SEED_CHECKPOINT, globalInstanceId: 'bench' });
  }
}

function events(i: number, withDataplane: boolean, online: boolean): ZoneEvent[] {
  const { zone, dataplane, insight } = fixture(i, online);
  const metadata = { eventId: `e-${i}-${Math.random()}`, zone, time, version: 1 };
  const out: ZoneEvent[] = [];
  if (withDataplane) out.push({ type: 'DataplaneUpserted', data: { dataplane }, metadata });
  out.push({ type: 'DataplaneInsightUpdated', data: { insight }, metadata: { ...metadata, eventId: `${metadata.eventId}-i` } });
  return out;
}

async function seed(writer: ZoneEventWriter): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < DATAPLANES; start += 1_000) {
    const batch: ZoneEvent[] = [];
    for (let i = start; i < Math.min(DATAPLANES, start + 1_000); i++) batch.push(...events(i, true, Math.floor(i / MESHES) % 10 !== 9));
    await writer.write(batch);
  }
  return (performance.now() - started) / 1000;
}

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function measure(paths: (i: number) => string, base: string): Promise<Measured & { readonly check: unknown }> {
  const samples: number[] = [];
  let check: unknown;
  for (let i = 0; i < 20; i++) await (await fetch(base + paths(i))).arrayBuffer();
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    const response = await fetch(base + paths(i));
    const body = await response.text();
    samples.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${paths(i)} answered ${response.status}: ${body.slice(0, 300)}`);
    if (i === 0) check = (JSON.parse(body) as { total?: number }).total;
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100), check };
}

export const apiBenchmark: Benchmark = {
  name: 'api',
  description: `global REST API over ${DATAPLANES} Dataplanes in ${MESHES} meshes from ${ZONES} zones (p50/p99 of ${SAMPLES} sequential requests)`,
  async run() {
    const [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
    const databaseUrl = await postgres.createDatabase();
    const db = createDatabase({ connectionString: databaseUrl, maxConnections: 2 });
    let stopChurn = false;
    let churn: Promise<number> = Promise.resolve(0);
    let global: Awaited<ReturnType<typeof startGlobalControlPlane>> | undefined;
    try {
      await migrateToLatest(db);
      const writer = new ZoneEventWriter(db);
      const seedSeconds = await seed(writer);
      // What autovacuum does on a live system: statistics and the visibility map for index-only counts.
      await sql`VACUUM ANALYZE resources`.execute(db);

      const url = new URL(databaseUrl);
      const startedAt = performance.now();
      global = await startGlobalControlPlane(
        loadSettings(globalCpSettings, {
          KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
          KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
          ...loopbackTlsEnvironment(),
          KUMA_STORE_POSTGRES_HOST: url.hostname,
          KUMA_STORE_POSTGRES_PORT: url.port,
          KUMA_STORE_POSTGRES_USER: url.username,
          KUMA_STORE_POSTGRES_DB_NAME: url.pathname.slice(1),
          KUMA_EVENTS_NATS_URL: nats.url,
        }),
        logger,
      );
      await global.ready;
      const base = global.url;
      // Mesh-scoped paths answer 404 for a mesh that does not exist, as Kuma's do: the meshes come first.
      for (let m = 0; m < MESHES; m++) {
        const reply = await fetch(`${base}/meshes/mesh-${m}`, { method: 'PUT', body: JSON.stringify({ type: 'Mesh', name: `mesh-${m}` }) });
        if (reply.status !== 201) throw new Error(`PUT mesh-${m} answered ${reply.status}: ${await reply.text()}`);
      }
      await waitFor(
        'dataplane facts loaded',
        async () => {
          const insight = (await (await fetch(`${base}/global-insight`)).json()) as {
            dataplanes: { standard: { total: number }; gatewayDelegated: { total: number } };
          };
          return insight.dataplanes.standard.total + insight.dataplanes.gatewayDelegated.total === DATAPLANES ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 100 },
      );
      const factsSeconds = (performance.now() - startedAt) / 1000;

      const endpoints = {
        dataplanes: (i: number) => `/meshes/mesh-${i % MESHES}/dataplanes?size=100&tag=kuma.io/service:svc-${(i * 7) % SERVICES_PER_MESH}`,
        overview: (i: number) => `/meshes/mesh-${i % MESHES}/dataplanes/_overview?size=100`,
        serviceInsights: (i: number) => `/meshes/mesh-${i % MESHES}/service-insights`,
      };
      const quiet = {
        dataplanes: await measure(endpoints.dataplanes, base),
        overview: await measure(endpoints.overview, base),
        serviceInsights: await measure(endpoints.serviceInsights, base),
      };

      // Zones keep reporting: 500 insight changes per second across every mesh, in batches of 50.
      churn = (async () => {
        let written = 0;
        const started = performance.now();
        while (!stopChurn) {
          const batch: ZoneEvent[] = [];
          for (let k = 0; k < 50; k++) {
            const i = Math.floor(Math.random() * DATAPLANES);
            batch.push(...events(i, false, Math.random() < 0.9));
          }
          await writer.write(batch);
          written += batch.length;
          const due = started + (written / CHURN_PER_SECOND) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        return written / ((performance.now() - started) / 1000);
      })();
      const busy = {
        dataplanes: await measure(endpoints.dataplanes, base),
        overview: await measure(endpoints.overview, base),
        serviceInsights: await measure(endpoints.serviceInsights, base),
      };
      stopChurn = true;
      const churnRate = await churn;

      const row = (name: string, phase: string, m: Measured & { check: unknown }): BenchmarkRow => ({
        request: name,
        phase,
        'first total': String(m.check),
        'p50 ms': m.p50,
        'p99 ms': m.p99,
        'max ms': m.max,
      });
      return {
        rows: [
          {
            request: `seed ${DATAPLANES} Dataplanes + insights (projection writer)`,
            phase: 'setup',
            'first total': '',
            'p50 ms': seedSeconds * 1000,
            'p99 ms': 0,
            'max ms': 0,
          },
          {
            request: 'global CP start → dataplane facts loaded',
            phase: 'setup',
            'first total': '',
            'p50 ms': factsSeconds * 1000,
            'p99 ms': 0,
            'max ms': 0,
          },
          row('dataplanes?size=100&tag=kuma.io/service:<svc>', 'quiet', quiet.dataplanes),
          row('dataplanes/_overview?size=100', 'quiet', quiet.overview),
          row('service-insights', 'quiet', quiet.serviceInsights),
          row('dataplanes?size=100&tag=kuma.io/service:<svc>', `${Math.round(churnRate)} changes/s`, busy.dataplanes),
          row('dataplanes/_overview?size=100', `${Math.round(churnRate)} changes/s`, busy.overview),
          row('service-insights', `${Math.round(churnRate)} changes/s`, busy.serviceInsights),
        ],
        figures: {
          dataplanesListP99Ms: Math.round(busy.dataplanes.p99 * 100) / 100,
          overviewP99Ms: Math.round(busy.overview.p99 * 100) / 100,
          serviceInsightsP99Ms: Math.round(busy.serviceInsights.p99 * 100) / 100,
        },
      };
    } finally {
      stopChurn = true;
      await churn.catch(() => undefined);
      // the CP's pool first: a database stopped under it would crash the process and hide the failure
      await global?.stop();
      await db.destroy();
      await Promise.all([nats.stop(), postgres.stop()]);
    }
  },
};
