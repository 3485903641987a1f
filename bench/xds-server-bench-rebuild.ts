/**
 * The rebuild half of `pnpm bench xds`, run by xds-server-bench-host.ts in its own child process:
 * SERVICES services × ENDPOINTS Dataplanes each (one inbound; explicit outbounds to the next
 * OUTBOUNDS services), every Dataplane a proxy. After a warm build of every proxy, one endpoint of
 * service-0 moves (a new view) and the proxies are generated again through ProxySnapshotGenerator:
 * the first affected proxy pays the view's shared work (endpoint map, fingerprints, the changed
 * load assignment) on top of its own snapshot; the others pay their own snapshot only.
 *   per-proxy ms = median generate() of the affected proxies after the first
 *   shared ms    = first affected generate() − per-proxy ms
 */
import { performance } from 'node:perf_hooks';
import { decodeDataplane, decodeMesh, type Dataplane } from '@kumiko/api';
import { createMeshView, dataplaneProxy, ProxySnapshotGenerator, type MeshView, type XdsProxy } from '@kumiko/xds';

export interface RebuildOptions {
  readonly services: number;
  readonly endpoints: number;
  readonly outbounds: number;
  readonly rounds: number;
}

export interface RebuildResult {
  readonly proxies: number;
  readonly initialBuildMs: number;
  /** Per round: proxies regenerated, shared ms, per-proxy median ms, whole pass over every proxy ms. */
  readonly rounds: readonly {
    readonly regenerated: number;
    readonly sharedMs: number;
    readonly perProxyMs: number;
    readonly passMs: number;
  }[];
  readonly sharedMs: number;
  readonly perProxyMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function dataplane(options: RebuildOptions, service: number, index: number, port = 8080): Dataplane {
  const outbound = Array.from({ length: options.outbounds }, (_, k) => ({
    port: 10_001 + k,
    tags: { 'kuma.io/service': `service-${(service + 1 + k) % options.services}` },
  }));
  const result = decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: `service-${service}-${index}`,
    networking: {
      address: `10.${service >> 8}.${service & 255}.${index + 1}`,
      inbound: [{ port, tags: { 'kuma.io/service': `service-${service}`, 'kuma.io/protocol': 'http' } }],
      outbound,
    },
  });
  if (!result.ok) throw new Error(`bench Dataplane invalid: ${JSON.stringify(result.issues)}`);
  return result.value;
}

export function measureRebuild(options: RebuildOptions): RebuildResult {
  const mesh = decodeMesh({ type: 'Mesh', name: 'default' });
  if (!mesh.ok) throw new Error(`bench Mesh invalid: ${JSON.stringify(mesh.issues)}`);
  const dataplanes: Dataplane[] = [];
  for (let s = 0; s < options.services; s++) for (let e = 0; e < options.endpoints; e++) dataplanes.push(dataplane(options, s, e));
  const viewOf = (list: readonly Dataplane[]): MeshView => createMeshView({ zone: 'zone-1', meshes: [mesh.value], dataplanes: list });
  const generator = new ProxySnapshotGenerator();

  let view = viewOf(dataplanes);
  const t0 = performance.now();
  for (const dp of dataplanes) generator.generate(view, dataplaneProxy(dp));
  const initialBuildMs = performance.now() - t0;

  // Consumers of service-0 (they have an outbound to it) come first, so the first generate() after
  // the change is an affected proxy's and carries the view's shared work.
  const consumersFirst = [...dataplanes].sort((a, b) => Number(consumes(b, 'service-0')) - Number(consumes(a, 'service-0')));
  const rounds: RebuildResult['rounds'][number][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const changed = dataplane(options, 0, round % options.endpoints, 8080 + round);
    const list = dataplanes.map((dp) => (dp.name === changed.name ? changed : dp));
    view = viewOf(list);
    const affected: number[] = [];
    const start = performance.now();
    for (const dp of consumersFirst) {
      const proxy: XdsProxy = dataplaneProxy(dp.name === changed.name ? changed : dp);
      const before = performance.now();
      const { regenerated } = generator.generate(view, proxy);
      if (regenerated) affected.push(performance.now() - before);
    }
    const passMs = performance.now() - start;
    const [first = Number.NaN, ...others] = affected;
    const perProxyMs = median(others);
    rounds.push({ regenerated: affected.length, sharedMs: first - perProxyMs, perProxyMs, passMs });
  }
  return {
    proxies: dataplanes.length,
    initialBuildMs,
    rounds,
    sharedMs: median(rounds.map((r) => r.sharedMs)),
    perProxyMs: median(rounds.map((r) => r.perProxyMs)),
  };
}

function consumes(dp: Dataplane, service: string): boolean {
  return (dp.networking?.outbound ?? []).some((o) => o.tags['kuma.io/service'] === service);
}
