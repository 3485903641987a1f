/**
 * `pnpm bench converge`: cross-zone convergence of the whole system as processes (packages/testing's
 * startKumikoSystem: NATS with per-zone users, Postgres, the global CP and two zone CPs).
 *  1. an mTLS mesh, a ZoneIngress per zone, then DATAPLANES Dataplanes (services of INSTANCES each)
 *     split over both zones, PUT through the zones' REST APIs with bounded concurrency;
 *  2. a Dataplane in zone-1 with outbounds to TARGETS zone-2 services, whose EDS a protocol-level
 *     xDS client (XdsTestClient, ACKing like Envoy) watches on zone-1's ADS;
 *  3. CHANGES changes, one at a time, each a PUT of a new (or a DELETE of that) Dataplane of a
 *     target service on zone-2's REST API: the time from sending it until zone-1's client receives
 *     the EDS with the new weight (= instance count) at zone-2's ingress. A NATS probe timestamps
 *     the stages in between (see converge-stage-probe.ts) to show where the time goes.
 * Progress goes to stderr; the runner prints the table and the figures.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EdsWatch, type KumikoSystem, type LoadAssignment, OPEN_PLAINTEXT_DP_SERVER, startKumikoSystem, waitFor } from '@kumiko/testing';
import { XdsTestClient } from '@kumiko/xds/test-support';
import { percentile, type Benchmark, type BenchmarkRow } from './benchmark.js';
import { ConvergeStageProbe, type StageTimes } from './converge-stage-probe.js';
import {
  boundedConcurrency,
  dataplaneBody,
  ingressAdvertised,
  loadedDataplane,
  MESH,
  send,
  serviceName,
  zoneIngressBody,
  type ZoneTopology,
} from './converge-topology.js';

const DATAPLANES = Number(process.env['BENCH_CONVERGE_DATAPLANES'] ?? 5_000);
const CHANGES = Number(process.env['BENCH_CONVERGE_CHANGES'] ?? 200);
/** Changes made (and not counted) first, so JIT and caches are warm. */
const WARMUP = Number(process.env['BENCH_CONVERGE_WARMUP'] ?? 10);
const INSTANCES = 10;
const TARGETS = 20;
/** REST PUTs in flight per zone during the bulk load. */
const LOAD_CONCURRENCY = Number(process.env['BENCH_CONVERGE_CONCURRENCY'] ?? 16);
const CHANGE_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 600_000;

const progress = (message: string): void => {
  process.stderr.write(`[converge] ${message}\n`);
};

const elapsed = (since: number): number => performance.now() - since;

/** Weight of zone-2's ingress endpoint in an assignment (0 when absent). */
function ingressWeight(assignment: LoadAssignment): number {
  const advertised = ingressAdvertised(2);
  const endpoint = assignment.endpoints.find((e) => e.address === advertised.address && e.port === advertised.port);
  return endpoint?.weight ?? 0;
}

function latencyRow(measure: string, samples: readonly number[]): BenchmarkRow {
  const round = (value: number): number => Math.round(value * 10) / 10;
  return {
    measure,
    samples: samples.length,
    'p50 ms': round(percentile(samples, 50)),
    'p90 ms': round(percentile(samples, 90)),
    'p99 ms': round(percentile(samples, 99)),
    'max ms': round(percentile(samples, 100)),
  };
}

async function dataplaneTotal(globalUrl: string): Promise<number> {
  const response = await fetch(`${globalUrl}/meshes/${MESH}/dataplanes?size=1`);
  if (!response.ok) return -1;
  return ((await response.json()) as { total?: number }).total ?? -1;
}

/** Mesh, ingresses and the bulk load; resolves with how long the REST PUTs took. */
async function buildTopology(system: KumikoSystem, topologies: readonly ZoneTopology[]): Promise<number> {
  await send(system.global.url, `/meshes/${MESH}`, 'PUT', {
    type: 'Mesh',
    name: MESH,
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
  });
  for (const zone of system.zones) {
    await waitFor(`mesh ${MESH} in ${zone.zone}`, async () => ((await fetch(`${zone.url}/meshes/${MESH}`)).ok ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
  }
  for (const topology of topologies)
    await send(system.zone(topology.zone).url, `/zoneingresses/zi-${topology.index}`, 'PUT', zoneIngressBody(topology.index));

  const started = performance.now();
  await Promise.all(
    topologies.map((topology) =>
      boundedConcurrency(topology.services * topology.instances, LOAD_CONCURRENCY, async (i) => {
        const dp = loadedDataplane(topology, i);
        await send(
          system.zone(topology.zone).url,
          `/meshes/${MESH}/dataplanes/${dp.name}`,
          'PUT',
          dataplaneBody(dp.name, dp.address, dp.service),
        );
      }),
    ),
  );
  return elapsed(started);
}

/** One measured change; times in ms after the request was sent. */
interface ChangeSample {
  /** Until zone-1's client received the EDS with the new weight. */
  readonly total: number;
  /** Until zone-2's REST API answered. */
  readonly ack: number;
  readonly stages: StageTimes;
}

export const convergeBenchmark: Benchmark = {
  name: 'converge',
  description: `cross-zone convergence: ${DATAPLANES} Dataplanes over 2 zones (processes), ${CHANGES} zone-2 changes → zone-1 EDS`,
  async run() {
    const startAt = performance.now();
    // the load's xDS client dials plaintext without a token: an open DP server, chosen (the figure is convergence)
    const system = await startKumikoSystem({ zoneEnv: OPEN_PLAINTEXT_DP_SERVER });
    const startupMs = elapsed(startAt);
    progress(`system up in ${Math.round(startupMs)} ms (global ${system.global.url}, zones ${system.zones.map((z) => z.url).join(' ')})`);
    let xds: XdsTestClient | undefined;
    let watch: EdsWatch | undefined;
    let probe: ConvergeStageProbe | undefined;
    try {
      const perZone = Math.floor(DATAPLANES / 2);
      const services = Math.ceil(perZone / INSTANCES);
      const topologies: ZoneTopology[] = [
        { zone: 'zone-1', index: 1, services, instances: INSTANCES },
        { zone: 'zone-2', index: 2, services, instances: INSTANCES },
      ];
      const loaded = topologies.reduce((sum, t) => sum + t.services * t.instances, 0);
      progress(
        `loading ${loaded} Dataplanes (${services} services × ${INSTANCES} per zone) through the zone REST APIs, ${LOAD_CONCURRENCY} in flight per zone…`,
      );
      const loadStarted = performance.now();
      const loadMs = await buildTopology(system, topologies);
      progress(`loaded in ${(loadMs / 1000).toFixed(1)} s (${Math.round(loaded / (loadMs / 1000))} PUT/s)`);

      const targets = Array.from({ length: TARGETS }, (_, i) => serviceName(2, i));
      const zone1 = system.zone('zone-1');
      const zone2 = system.zone('zone-2');
      await send(
        zone1.url,
        `/meshes/${MESH}/dataplanes/converge-client`,
        'PUT',
        dataplaneBody('converge-client', '10.1.250.1', 'converge-client', targets),
      );
      xds = new XdsTestClient(zone1.adsAddress);
      watch = new EdsWatch(xds.sotw(`${MESH}.converge-client`), targets).start();
      const eds = watch;
      await waitFor(
        `global API lists ${loaded + 1} Dataplanes`,
        async () => ((await dataplaneTotal(system.global.url)) === loaded + 1 ? true : undefined),
        {
          timeoutMs: SETTLE_TIMEOUT_MS,
          intervalMs: 250,
        },
      );
      for (const target of targets)
        await eds.until(target, (a) => ingressWeight(a) === INSTANCES, `${target} at weight ${INSTANCES}`, SETTLE_TIMEOUT_MS);
      const settledMs = elapsed(loadStarted);
      progress(`converged ${(settledMs / 1000).toFixed(1)} s after the load started; measuring ${WARMUP} + ${CHANGES} changes…`);

      probe = await ConvergeStageProbe.start(system.nats.url, system.natsLogin('global'), 'zone-2', MESH);
      const samples: ChangeSample[] = [];
      const extra = new Map<string, string>();
      let timeouts = 0;
      for (let i = 0; i < WARMUP + CHANGES; i++) {
        const target = targets[i % TARGETS] ?? '';
        const added = extra.get(target);
        const name = added ?? `${target}-x${i}`;
        const expected = added === undefined ? INSTANCES + 1 : INSTANCES;
        const arrived = eds.until(target, (a) => ingressWeight(a) === expected, `${target} at weight ${expected}`, CHANGE_TIMEOUT_MS);
        const sentAt = performance.now();
        if (added === undefined) {
          await send(zone2.url, `/meshes/${MESH}/dataplanes/${name}`, 'PUT', dataplaneBody(name, `10.2.200.${(i % 250) + 1}`, target));
          extra.set(target, name);
        } else {
          await send(zone2.url, `/meshes/${MESH}/dataplanes/${name}`, 'DELETE');
          extra.delete(target);
        }
        const ack = elapsed(sentAt);
        let receivedAt: number;
        try {
          receivedAt = (await arrived).receivedAtMs;
        } catch {
          timeouts++;
          receivedAt = (await eds.until(target, (a) => ingressWeight(a) === expected, `${target} at weight ${expected}`, SETTLE_TIMEOUT_MS))
            .receivedAtMs;
        }
        const change = { dataplane: name, mesh: MESH, service: target, instances: expected };
        let stages = probe.stagesOf(sentAt, change);
        for (
          let tries = 0;
          tries < 50 && (stages.dataplane === undefined || stages.zoneIngress === undefined || stages.global === undefined);
          tries++
        ) {
          await sleep(10);
          stages = probe.stagesOf(sentAt, change);
        }
        if (i >= WARMUP) samples.push({ total: receivedAt - sentAt, ack, stages: relative(stages, sentAt) });
      }

      const totals = samples.map((s) => s.total);
      const stage = (from: keyof StageTimes | 'sent', to: keyof StageTimes | 'eds'): number[] =>
        samples.flatMap((s) => {
          const start = from === 'sent' ? 0 : s.stages[from];
          const end = to === 'eds' ? s.total : s.stages[to];
          return start === undefined || end === undefined ? [] : [end - start];
        });
      const p50 = percentile(totals, 50);
      const p99 = percentile(totals, 99);
      const rows: BenchmarkRow[] = [
        { measure: 'system start: NATS, Postgres, global CP, 2 zone CPs (processes)', 'total s': Math.round(startupMs / 100) / 10 },
        {
          measure: `bulk load: ${loaded} Dataplane PUTs on the zone REST APIs (${LOAD_CONCURRENCY}/zone in flight)`,
          samples: loaded,
          'total s': Math.round(loadMs / 100) / 10,
        },
        { measure: 'load start → global API lists all, zone-1 EDS at full weight', 'total s': Math.round(settledMs / 100) / 10 },
        latencyRow('zone-2 PUT/DELETE sent → zone-1 EDS with the new weight', totals),
        latencyRow(
          '· PUT sent → zone-2 REST reply (JetStream ack)',
          samples.map((s) => s.ack),
        ),
        latencyRow('· PUT sent → Dataplane event in ZONES', stage('sent', 'dataplane')),
        latencyRow('· Dataplane → zone-2 ZoneIngress in ZONES (availableServices updater)', stage('dataplane', 'zoneIngress')),
        latencyRow('· ZONES ZoneIngress → GLOBAL (projector, Postgres, outbox relay)', stage('zoneIngress', 'global')),
        latencyRow('· GLOBAL → zone-1 EDS received (replica, MeshView, snapshot, ADS)', stage('global', 'eds')),
        { measure: `changes over ${CHANGE_TIMEOUT_MS / 1000} s (counted at their eventual time)`, samples: timeouts },
      ];
      return {
        rows,
        figures: { crossZoneP50Ms: Math.round(p50 * 10) / 10, crossZoneP99Ms: Math.round(p99 * 10) / 10 },
      };
    } finally {
      await probe?.stop();
      await watch?.stop();
      xds?.close();
      await system.stop();
    }
  },
};

function relative(stages: StageTimes, origin: number): StageTimes {
  const shift = (value: number | undefined): number | undefined => (value === undefined ? undefined : value - origin);
  return { dataplane: shift(stages.dataplane), zoneIngress: shift(stages.zoneIngress), global: shift(stages.global) };
}
