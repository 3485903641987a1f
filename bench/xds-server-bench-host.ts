/**
 * The control-plane side of `pnpm bench xds`, run as a child process (`node --expose-gc --import tsx`)
 * so its heap holds the CP alone. It serves ADS from a SnapshotCache and answers the benchmark over
 * IPC; the streams come from a separate load process.
 *
 * With argv `rebuild` it instead measures snapshot rebuilds (xds-server-bench-rebuild.ts) and exits.
 *
 * Topology: SERVICES services with ENDPOINTS endpoints each (Cluster + load assignment per service,
 * shared by every proxy). Each connecting node gets its own snapshot (own maps, shared resources) as
 * soon as its stream opens, the way the zone CP starts generating for a proxy when it connects.
 */
import { performance } from 'node:perf_hooks';
import { AdsServer, SnapshotCache, TypeUrls, type SnapshotResource, type TypeUrl, type XdsSnapshot } from '@kumiko/xds';
import { Cluster, ClusterLoadAssignment, edsCluster, loadAssignment, rawResource, snapshotFromResources } from '@kumiko/xds/test-support';
import { measureRebuild } from './xds-server-bench-rebuild.js';

const SERVICES = Number(process.env['BENCH_XDS_SERVICES'] ?? 1_000);
const ENDPOINTS = Number(process.env['BENCH_XDS_ENDPOINTS'] ?? 10);
/** The service every load stream subscribes to, and whose endpoints change. */
const HOT_SERVICE = 'service-0';

type HostRequest =
  | { readonly id: number; readonly op: 'heap' }
  | { readonly id: number; readonly op: 'waitAcked'; readonly count: number; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'change'; readonly count: number; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'waitClosed'; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'exit' };

const send = (message: object): void => {
  process.send?.(message);
};

function endpointsOf(service: number, generation: number): { address: string; port: number }[] {
  return Array.from({ length: ENDPOINTS }, (_, i) => ({
    address: `10.${service >> 8}.${service & 255}.${i + 1}`,
    port: 8080 + (i === 0 ? generation : 0),
  }));
}

function claResource(service: number, generation: number): SnapshotResource {
  const name = `service-${service}`;
  return rawResource(name, ClusterLoadAssignment.encode(loadAssignment(name, endpointsOf(service, generation))).finish());
}

/** Resources shared by every proxy: one Cluster and one load assignment per service. */
const clusters = Array.from({ length: SERVICES }, (_, i) =>
  rawResource(`service-${i}`, Cluster.encode(edsCluster(`service-${i}`)).finish()),
);
let loadAssignments = Array.from({ length: SERVICES }, (_, i) => claResource(i, 0));
let shared = snapshotFromResources(
  new Map<TypeUrl, readonly SnapshotResource[]>([
    [TypeUrls.Cluster, clusters],
    [TypeUrls.ClusterLoadAssignment, loadAssignments],
  ]),
);

/** A node's own snapshot: its own maps, pointing at the shared per-type maps and resources. */
function snapshotForNode(): XdsSnapshot {
  return { resources: new Map(shared.resources), versions: new Map(shared.versions) };
}

const cache = new SnapshotCache();
/** Node → EDS version it last ACKed, for open streams. */
const acked = new Map<string, string>();
let onAck: ((nodeId: string, version: string) => void) | undefined;
const server = new AdsServer({
  cache,
  callbacks: {
    streamOpened: ({ nodeId }) => cache.set(nodeId, snapshotForNode()),
    streamClosed: ({ nodeId }) => acked.delete(nodeId),
    ackReceived: ({ nodeId, typeUrl, version }) => {
      if (typeUrl !== TypeUrls.ClusterLoadAssignment) return;
      acked.set(nodeId, version);
      onAck?.(nodeId, version);
    },
  },
});

async function poll(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

function currentEdsVersion(): string {
  return shared.versions.get(TypeUrls.ClusterLoadAssignment) ?? '';
}

let generation = 0;

/** One endpoint of the hot service moves; every node's snapshot is rebuilt and set. Resolves with per-stream ACK latencies. */
async function change(
  count: number,
  timeoutMs: number,
): Promise<{ latenciesMs: number[]; sharedMs: number; setAllMs: number; complete: boolean }> {
  const latencies: number[] = [];
  let version = '';
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const t0 = performance.now();
  onAck = (_nodeId, ackedVersion) => {
    if (ackedVersion !== version) return;
    latencies.push(performance.now() - t0);
    if (latencies.length === count) resolveDone();
  };
  generation++;
  loadAssignments = loadAssignments.map((resource, i) => (i === 0 ? claResource(0, generation) : resource));
  shared = snapshotFromResources(
    new Map<TypeUrl, readonly SnapshotResource[]>([
      [TypeUrls.Cluster, clusters],
      [TypeUrls.ClusterLoadAssignment, loadAssignments],
    ]),
  );
  version = currentEdsVersion();
  const sharedMs = performance.now() - t0;
  for (const nodeId of cache.nodeIds()) cache.set(nodeId, snapshotForNode());
  const setAllMs = performance.now() - t0;
  const complete = await Promise.race([
    done.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]);
  onAck = undefined;
  return { latenciesMs: latencies, sharedMs, setAllMs, complete };
}

async function handle(request: HostRequest): Promise<object> {
  switch (request.op) {
    case 'heap': {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      const usage = process.memoryUsage();
      return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss, gc: typeof globalThis.gc === 'function' };
    }
    case 'waitAcked': {
      const version = currentEdsVersion();
      const ok = await poll(() => [...acked.values()].filter((v) => v === version).length >= request.count, request.timeoutMs);
      return { ok, acked: acked.size, streams: server.openStreams };
    }
    case 'change':
      return change(request.count, request.timeoutMs);
    case 'waitClosed': {
      const ok = await poll(() => server.openStreams === 0 && cache.nodeIds().length === 0, request.timeoutMs);
      return { ok, streams: server.openStreams, nodes: cache.nodeIds().length };
    }
    case 'exit':
      await server.stop();
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

if (process.argv[2] === 'rebuild') {
  // Its own process, so the fan-out CP's heap never saw the 10k-Dataplane view.
  const result = measureRebuild({
    services: SERVICES,
    endpoints: ENDPOINTS,
    outbounds: Number(process.env['BENCH_XDS_OUTBOUNDS'] ?? 10),
    rounds: 5,
  });
  send({ op: 'rebuild', ...result });
  process.exit(0);
}

const port = await server.start('127.0.0.1:0');
send({
  op: 'ready',
  port,
  services: SERVICES,
  endpoints: ENDPOINTS,
  hotService: HOT_SERVICE,
  sharedEncodedBytes: [...clusters, ...loadAssignments].reduce((n, r) => n + r.encoded.byteLength, 0),
});
