/**
 * `pnpm bench xds`:
 *  (i)  rebuild: 1,000 services × 10 endpoints, one endpoint changes — the shared rebuild and the
 *       per-proxy snapshot rebuild. Needs the snapshot builder and generators; until they exist
 *       both figures are null.
 *  (ii) fan-out: N ADS streams (1,000, then 5,000) from a separate load process, one connection
 *       each, all subscribed to the EDS of the service whose endpoint changes. Per change: the time
 *       from the change entering the CP until each stream's ACK of it reached the CP (p50/p99 over
 *       the streams of ROUNDS changes, after a warm-up change). Also the CP's heap per connected
 *       stream: heapUsed after GC with the streams connected and ACKed, minus before, over N.
 * Three processes: this one orchestrates; the CP (bench/xds-server-bench-host.ts, with
 * --expose-gc) and the load client (bench/xds-load-client.ts) are children talking over IPC.
 */
import { fileURLToPath } from 'node:url';
import { percentile, type Benchmark, type BenchmarkRow } from './benchmark.js';
import { IpcChild } from './ipc-child.js';

const HOST = fileURLToPath(new URL('./xds-server-bench-host.ts', import.meta.url));
const LOAD_CLIENT = fileURLToPath(new URL('./xds-load-client.ts', import.meta.url));
const STREAM_COUNTS = (process.env['BENCH_XDS_STREAMS'] ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env['BENCH_XDS_ROUNDS'] ?? 5);
const TIMEOUT_MS = 120_000;

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

interface FanoutResult {
  readonly p50: number;
  readonly p99: number;
  readonly heapPerStreamKB: number;
}

async function fanout(host: IpcChild, port: number, streams: number, rows: BenchmarkRow[]): Promise<FanoutResult> {
  const before = await host.ask({ op: 'heap' });
  const load = new IpcChild(['--import', 'tsx', LOAD_CLIENT, String(port), String(streams), 'service-0', `bench-${streams}`]);
  try {
    await load.next('opened');
    const acked = await host.ask({ op: 'waitAcked', count: streams, timeoutMs: TIMEOUT_MS });
    if (acked['ok'] !== true) throw new Error(`only ${String(acked['acked'])} of ${streams} streams ACKed their first response`);
    const after = await host.ask({ op: 'heap' });
    const heapPerStreamKB = (num(after['heapUsed']) - num(before['heapUsed'])) / streams / 1024;
    const latencies: number[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const result = await host.ask({ op: 'change', count: streams, timeoutMs: TIMEOUT_MS });
      const samples = (result['latenciesMs'] as number[] | undefined) ?? [];
      if (result['complete'] !== true) throw new Error(`change ${i}: only ${samples.length} of ${streams} ACKs`);
      if (i > 0) latencies.push(...samples);
      rows.push({
        phase: 'fan-out',
        n: streams,
        step: i === 0 ? 'warm-up change' : `change ${i}`,
        'p50 ms': round(percentile(samples, 50)),
        'p99 ms': round(percentile(samples, 99)),
        'all ACKed ms': round(Math.max(...samples)),
        'set all ms': round(num(result['setAllMs'])),
      });
    }
    rows.push({
      phase: 'fan-out',
      n: streams,
      step: `changes 1-${ROUNDS} pooled`,
      'p50 ms': round(percentile(latencies, 50)),
      'p99 ms': round(percentile(latencies, 99)),
      'all ACKed ms': round(Math.max(...latencies)),
      'heap/stream KB': round(heapPerStreamKB),
    });
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), heapPerStreamKB };
  } finally {
    load.tell({ op: 'close' });
    await load.exited();
    await host.ask({ op: 'waitClosed', timeoutMs: TIMEOUT_MS });
  }
}

interface RebuildRound {
  readonly regenerated: number;
  readonly sharedMs: number;
  readonly perProxyMs: number;
  readonly passMs: number;
}

/** (i) in a child of its own: shared and per-proxy rebuild after one endpoint change. */
async function measureRebuild(rows: BenchmarkRow[]): Promise<{ sharedMs: number; perProxyMs: number }> {
  const child = new IpcChild(['--import', 'tsx', HOST, 'rebuild']);
  const result = await child.next('rebuild');
  await child.exited();
  if (result.error !== undefined) throw new Error(`rebuild: ${result.error}`);
  const rounds = (result['rounds'] as RebuildRound[] | undefined) ?? [];
  rows.push({
    phase: 'rebuild',
    n: num(result['proxies']),
    step: 'initial build, every proxy',
    'pass ms': round(num(result['initialBuildMs'])),
  });
  rounds.forEach((r, i) =>
    rows.push({
      phase: 'rebuild',
      n: r.regenerated,
      step: `endpoint change ${i + 1} (n = proxies regenerated)`,
      'shared ms': round(r.sharedMs, 2),
      'per-proxy ms': round(r.perProxyMs, 3),
      'pass ms': round(r.passMs),
    }),
  );
  return { sharedMs: num(result['sharedMs']), perProxyMs: num(result['perProxyMs']) };
}

export const xdsBenchmark: Benchmark = {
  name: 'xds',
  description: 'ADS fan-out of one endpoint change to 1k/5k streams (separate load process), CP heap per stream, snapshot rebuild',
  async run() {
    const rows: BenchmarkRow[] = [];
    const rebuild = await measureRebuild(rows);
    const host = new IpcChild(['--expose-gc', '--import', 'tsx', HOST]);
    try {
      const ready = await host.next('ready');
      const results = new Map<number, FanoutResult>();
      for (const streams of STREAM_COUNTS) {
        const heapProbe = await host.ask({ op: 'heap' });
        if (heapProbe['gc'] !== true) throw new Error('the CP child runs without --expose-gc');
        results.set(streams, await fanout(host, num(ready['port']), streams, rows));
      }
      const oneK = results.get(1000);
      return {
        rows,
        figures: {
          sharedRebuildMs: round(rebuild.sharedMs, 2),
          rebuildPerProxyMs: round(rebuild.perProxyMs, 3),
          fanout1kP50Ms: round(oneK?.p50 ?? Number.NaN),
          fanout1kP99Ms: round(oneK?.p99 ?? Number.NaN),
          heapPerStreamKB: round(oneK?.heapPerStreamKB ?? Number.NaN),
          fanout5kP99Ms: round(results.get(5000)?.p99 ?? Number.NaN),
        },
      };
    } finally {
      await host.ask({ op: 'exit' }).catch(() => undefined);
      host.kill();
    }
  },
};
