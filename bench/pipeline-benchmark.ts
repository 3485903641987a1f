/**
 * `pnpm bench pipeline`:
 *  (i)  projection throughput: a backlog of ~1 KB Dataplane events in ZONES, projected by the global
 *       CP (batched transactions) — events/s from ready to the checkpoint reaching the last event;
 *  (ii) replica latency: a zone updates ZoneIngresses at a steady 1,000 events/s; time from the
 *       zone's publish acknowledgement to the change arriving in another zone's GLOBAL replica.
 * Real nats-server and Postgres on loopback, everything else in this process.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, headers } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeZoneIngress, loadSettings, type Dataplane } from '@kumiko/api';
import { encodeZoneEvent, zoneEventSubject, type ZoneEvent } from '@kumiko/events';
import { globalCpSettings, startGlobalControlPlane } from '@kumiko/global-cp';
import { createDatabase, readCheckpoint } from '@kumiko/store';
import { freePort, loopbackTlsEnvironment, startNats, startPostgres, waitFor } from '@kumiko/testing';
import { GlobalReplica, ZoneResourceStore } from '@kumiko/zone-cp';
import { percentile, type Benchmark, type BenchmarkRow } from './benchmark.js';

const PROJECTION_EVENTS = Number(process.env['BENCH_PIPELINE_EVENTS'] ?? 60_000);
const LATENCY_RATE = 1_000;
const LATENCY_SECONDS = Number(process.env['BENCH_PIPELINE_SECONDS'] ?? 10);
const logger = pino({ level: 'silent' });

/** A Dataplane whose JSON form is about 1 KB, like a real one with a few services and outbounds. */
function kilobyteDataplane(i: number): Dataplane {
  const result = decodeDataplane({
    type: 'Dataplane',
    mesh: `mesh-${i % 10}`,
    name: `backend-${i}.namespace-${i % 50}`,
    labels: { team: 'payments', env: 'production', 'app.kubernetes.io/name': 'backend' },
    networking: {
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      inbound: [
        {
          port: 8080,
          servicePort: 18080,
          tags: {
            'kuma.io/service': `backend-${i % 500}`,
            'kuma.io/protocol': 'http',
            version: 'v1',
            region: 'eu-west-1',
            team: 'payments',
            tier: 'backend',
          },
        },
        { port: 9090, tags: { 'kuma.io/service': `backend-metrics-${i % 500}`, 'kuma.io/protocol': 'tcp', version: 'v1' } },
      ],
      outbound: [
        { port: 10001, tags: { 'kuma.io/service': 'database' } },
        { port: 10002, tags: { 'kuma.io/service': 'cache' } },
        { port: 10003, tags: { 'kuma.io/service': 'payments-gateway' } },
      ],
      admin: { port: 9901 },
    },
    probes: { port: 9000, endpoints: [{ inboundPort: 8080, inboundPath: '/healthz', path: '/8080/healthz' }] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

async function projectionThroughput(
  natsUrl: string,
  databaseUrl: string,
): Promise<{ rows: BenchmarkRow[]; eventsPerSec: number; bytes: number }> {
  const nc = await connect({ servers: natsUrl });
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: 'ZONES', subjects: ['kumiko.zone.>'], max_msgs_per_subject: 5, allow_direct: true });
  let bytes = 0;
  const inFlight = new Set<Promise<unknown>>();
  const publishStart = performance.now();
  for (let i = 0; i < PROJECTION_EVENTS; i++) {
    const zone = `zone-${(i % 5) + 1}`;
    const event: ZoneEvent = {
      type: 'DataplaneUpserted',
      data: { dataplane: kilobyteDataplane(i) },
      metadata: { eventId: `bench-${i}`, zone, time: new Date().toISOString(), version: 1 },
    };
    const data = encodeZoneEvent(event);
    bytes += data.length;
    const h = headers();
    const p = js.publish(zoneEventSubject(event), data, { msgID: event.metadata.eventId, headers: h });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= 256) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const publishSeconds = (performance.now() - publishStart) / 1000;
  const last = (await jsm.streams.info('ZONES')).state.last_seq;
  await nc.close();

  const config = loadSettings(globalCpSettings, {
    ...postgresEnv(databaseUrl),
    KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    ...loopbackTlsEnvironment(),
    KUMA_EVENTS_NATS_URL: natsUrl,
    ...(process.env['KUMA_EVENTS_PROJECTOR_MAX_BATCH']
      ? { KUMA_EVENTS_PROJECTOR_MAX_BATCH: process.env['KUMA_EVENTS_PROJECTOR_MAX_BATCH'] }
      : {}),
  });
  const global = await startGlobalControlPlane(config, logger);
  await global.ready;
  const db = createDatabase({ connectionString: databaseUrl, maxConnections: 2 });
  const start = performance.now();
  await waitFor('projection of the backlog', async () => ((await readCheckpoint(db, 'global-projector')) >= last ? true : undefined), {
    timeoutMs: 600_000,
    intervalMs: 20,
  });
  const seconds = (performance.now() - start) / 1000;
  await db.destroy();
  await global.stop();
  const eventsPerSec = Math.round(PROJECTION_EVENTS / seconds);
  return {
    rows: [
      {
        measure: 'publish backlog (256 acks in flight)',
        events: PROJECTION_EVENTS,
        seconds: publishSeconds,
        'events/s': Math.round(PROJECTION_EVENTS / publishSeconds),
      },
      {
        measure: `projection (avg ${Math.round(bytes / PROJECTION_EVENTS)} B/event)`,
        events: PROJECTION_EVENTS,
        seconds,
        'events/s': eventsPerSec,
      },
    ],
    eventsPerSec,
    bytes,
  };
}

function postgresEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    KUMA_STORE_POSTGRES_HOST: url.hostname,
    KUMA_STORE_POSTGRES_PORT: url.port,
    KUMA_STORE_POSTGRES_USER: url.username,
    KUMA_STORE_POSTGRES_DB_NAME: url.pathname.slice(1),
  };
}

async function replicaLatency(natsUrl: string, databaseUrl: string): Promise<{ rows: BenchmarkRow[]; p50: number; p99: number }> {
  const config = loadSettings(globalCpSettings, {
    ...postgresEnv(databaseUrl),
    KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    ...loopbackTlsEnvironment(),
    KUMA_EVENTS_NATS_URL: natsUrl,
  });
  const global = await startGlobalControlPlane(config, logger);
  await global.ready;
  const zoneNc = await connect({ servers: natsUrl });
  const store = new ZoneResourceStore(zoneNc.jetstream(), { zone: 'latency-zone', stream: 'ZONES', logger });
  await store.start();
  const otherNc = await connect({ servers: natsUrl });
  const replica = new GlobalReplica(otherNc.jetstream(), { stream: 'GLOBAL', logger });
  await replica.start();

  const acked = new Map<string, number>();
  const latencies: number[] = [];
  replica.onChange((change) => {
    const marker = change.resource?.labels['bench-marker'];
    const at = marker === undefined ? undefined : acked.get(marker);
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      acked.delete(marker ?? '');
    }
  });
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const ingressNames = 200;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const marker = `m${i}`;
    const decoded = decodeZoneIngress({
      type: 'ZoneIngress',
      name: `zi-${i % ingressNames}`,
      labels: { 'bench-marker': marker },
      networking: { port: 10001, advertisedAddress: '192.0.2.1', advertisedPort: 10001 },
      availableServices: [
        { mesh: 'default', instances: (i % 7) + 1, tags: { 'kuma.io/service': `svc-${i % 50}`, 'kuma.io/zone': 'latency-zone' } },
      ],
    });
    if (!decoded.ok) throw new Error('bad ingress');
    // One writer per ingress name at a time keeps the optimistic concurrency check satisfied.
    const previous = pending[i % ingressNames] ?? Promise.resolve();
    pending[i % ingressNames] = previous.then(async () => {
      await store.upsert(decoded.value);
      acked.set(marker, performance.now());
    });
  }
  await Promise.all(pending);
  const sentSeconds = (performance.now() - start) / 1000;
  await waitFor('all changes seen', () => (acked.size === 0 ? true : undefined), { timeoutMs: 30_000 }).catch(() => undefined);
  await replica.stop();
  await store.stop();
  await Promise.all([zoneNc.close(), otherNc.close()]);
  await global.stop();
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return {
    rows: [
      {
        measure: `zone ack → other zone's replica (${Math.round(total / sentSeconds)} events/s for ${LATENCY_SECONDS} s)`,
        samples: latencies.length,
        'p50 ms': p50,
        'p90 ms': percentile(latencies, 90),
        'p99 ms': p99,
        'max ms': percentile(latencies, 100),
      },
    ],
    p50,
    p99,
  };
}

export const pipelineBenchmark: Benchmark = {
  name: 'pipeline',
  description: `projection throughput (${PROJECTION_EVENTS} Dataplane events) and cross-zone replica latency at ${LATENCY_RATE} events/s`,
  async run() {
    const [nats, latencyNats, postgres] = await Promise.all([startNats(), startNats(), startPostgres()]);
    try {
      const throughput = await projectionThroughput(nats.url, await postgres.createDatabase());
      // A NATS of its own, so the latency run does not first project the throughput run's backlog.
      const latency = await replicaLatency(latencyNats.url, await postgres.createDatabase());
      return {
        rows: [...throughput.rows, ...latency.rows],
        figures: {
          projectionEventsPerSec: throughput.eventsPerSec,
          replicaLatencyP50Ms: Math.round(latency.p50 * 10) / 10,
          replicaLatencyP99Ms: Math.round(latency.p99 * 10) / 10,
        },
      };
    } finally {
      await Promise.all([nats.stop(), latencyNats.stop(), postgres.stop()]);
    }
  },
};
