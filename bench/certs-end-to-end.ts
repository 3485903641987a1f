/**
 * `pnpm bench certs`, part e2e: a real zone CP (certs-server-bench-host.ts, its own process, real NATS) with PROXIES
 * Dataplanes of an mTLS mesh connected as Envoy nodes subscribed to their SDS Secrets, and PLAIN Dataplanes of another
 * mesh watching one service's EDS (sds-load-client.ts, a third process). Measured:
 *  (a) restart: the proxies connect at once (a zone CP restart with every proxy reconnecting); the time from the
 *      first connect until every stream holds a certificate signed by the mesh CA, and per stream from its connect;
 *  (b) CA change: the builtin backend's Secrets replaced by a new CA (as the global writes them); the time from the
 *      write until every stream holds a certificate signed by the new CA (ROTATIONS times);
 *  (c) meanwhile, unrelated pushes: an `echo` instance of the plain mesh comes or goes every PROBE_GAP_MS; per change
 *      and plain stream, the time from the write until the stream received the new EDS (p50/p99), and the CP's
 *      event-loop delay (p99/max) and CPU time (user + system, all threads: on a shared machine the figure that
 *      least depends on what else runs). The same before (a), with nothing else going on, as the baseline.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, type BenchmarkRow } from './benchmark.js';
import { IpcChild, type Reply } from './ipc-child.js';

const HOST = fileURLToPath(new URL('./certs-server-bench-host.ts', import.meta.url));
const LOAD_CLIENT = fileURLToPath(new URL('./sds-load-client.ts', import.meta.url));
const PROXIES = Number(process.env['BENCH_CERTS_PROXIES'] ?? 5_000);
const PLAIN = Number(process.env['BENCH_CERTS_PLAIN'] ?? 50);
const ROTATIONS = Number(process.env['BENCH_CERTS_ROTATIONS'] ?? 2);
const BASELINE_CHANGES = 10;
const PROBE_GAP_MS = 100;
const TIMEOUT_MS = 300_000;
/** Extra node flags for the CP process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes. */
const HOST_NODE_ARGS = (process.env['BENCH_CERTS_HOST_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);
const nums = (value: unknown): number[] => (Array.isArray(value) ? value.map(num) : []);
const round = (value: number): number => Math.round(value * 10) / 10;

/** Unrelated changes one after another (each awaited by every plain stream), until `stop` resolves. */
async function probe(host: IpcChild, load: IpcChild, until: { stopped: boolean }, maxChanges = Infinity): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < maxChanges && !until.stopped; i++) {
    const { at } = await host.ask({ op: 'change' });
    const seen = await load.ask({ op: 'edsSince', since: num(at), timeoutMs: TIMEOUT_MS });
    latencies.push(...nums(seen['latenciesMs']));
    await sleep(PROBE_GAP_MS);
  }
  return latencies;
}

function phaseRow(phase: string, figures: Record<string, number>, unrelated: readonly number[], loop: Reply): BenchmarkRow {
  return {
    phase,
    ...figures,
    'unrelated n': unrelated.length,
    'unrelated p50 ms': round(percentile(unrelated, 50)),
    'unrelated p99 ms': round(percentile(unrelated, 99)),
    'CP loop delay p99 ms': round(num(loop['p99Ms'])),
    'CP loop delay max ms': round(num(loop['maxMs'])),
    'CP CPU s': round(num(loop['cpuMs']) / 1000),
  };
}

/** Runs `work` while unrelated changes are probed; resolves with its result, the probe's latencies and the CP's loop delay. */
async function duringProbe<T>(host: IpcChild, load: IpcChild, work: () => Promise<T>): Promise<[T, number[], Reply]> {
  await host.ask({ op: 'loop' });
  const until = { stopped: false };
  const probing = probe(host, load, until);
  try {
    const result = await work();
    until.stopped = true;
    const unrelated = await probing;
    return [result, unrelated, await host.ask({ op: 'loop' })];
  } finally {
    until.stopped = true;
    await probing.catch(() => undefined);
  }
}

export async function measureEndToEnd(): Promise<{ rows: BenchmarkRow[]; figures: Record<string, number> }> {
  const rows: BenchmarkRow[] = [];
  const figures: Record<string, number> = {};
  const host = new IpcChild([...HOST_NODE_ARGS, '--import', 'tsx', HOST, String(PROXIES), String(PLAIN)], TIMEOUT_MS);
  let load: IpcChild | undefined;
  try {
    const ready = await host.next('ready');
    load = new IpcChild(
      ['--import', 'tsx', LOAD_CLIENT, String(ready['port']), 'secure', String(PROXIES), 'plain', String(PLAIN), 'echo'],
      TIMEOUT_MS,
    );
    await load.next('ready');
    await load.ask({ op: 'open', group: 'plain' });

    await host.ask({ op: 'loop' });
    const baseline = await probe(host, load, { stopped: false }, BASELINE_CHANGES);
    rows.push(phaseRow('baseline: no certificates issued', {}, baseline, await host.ask({ op: 'loop' })));
    figures['unrelatedBaselineP99Ms'] = round(percentile(baseline, 99));

    const client = load;
    const [restart, unrelatedA, loopA] = await duringProbe(host, load, async () => {
      const opened = await client.ask({ op: 'open', group: 'secure' });
      const certs = await client.ask({ op: 'waitCerts', caPem: String(ready['caPem']), timeoutMs: TIMEOUT_MS });
      if (certs['complete'] !== true)
        throw new Error(`restart: only ${String(certs['received'])} of ${PROXIES} certificates (${String(certs['malformed'])} malformed)`);
      return { opened, certs };
    });
    const arrivals = nums(restart.certs['arrivals']);
    const perStream = arrivals.map((at, i) => at - (nums(restart.certs['opened'])[i] ?? Number.NaN));
    const allMs = Math.max(...arrivals) - num(restart.opened['started']);
    rows.push(
      phaseRow(
        `(a) ${PROXIES} proxies connect`,
        {
          reconnects: num(restart.certs['reconnects']),
          'all certs ms': round(allMs),
          'per proxy p50 ms': round(percentile(perStream, 50)),
          'per proxy p99 ms': round(percentile(perStream, 99)),
        },
        unrelatedA,
        loopA,
      ),
    );
    figures['restartAllCertsMs'] = round(allMs);
    figures['restartUnrelatedP99Ms'] = round(percentile(unrelatedA, 99));

    for (let r = 1; r <= ROTATIONS; r++) {
      const [rotation, unrelatedB, loopB] = await duringProbe(host, client, async () => {
        const rotated = await host.ask({ op: 'rotate' });
        const certs = await client.ask({ op: 'waitCerts', caPem: String(rotated['caPem']), timeoutMs: TIMEOUT_MS });
        if (certs['complete'] !== true)
          throw new Error(
            `CA change: only ${String(certs['received'])} of ${PROXIES} certificates (${String(certs['malformed'])} malformed)`,
          );
        return { at: num(rotated['at']), arrivals: nums(certs['arrivals']) };
      });
      const sinceChange = rotation.arrivals.map((at) => at - rotation.at);
      rows.push(
        phaseRow(
          `(b) CA change ${r}`,
          {
            'all certs ms': round(Math.max(...sinceChange)),
            'per proxy p50 ms': round(percentile(sinceChange, 50)),
            'per proxy p99 ms': round(percentile(sinceChange, 99)),
          },
          unrelatedB,
          loopB,
        ),
      );
      figures[`caChange${r}AllCertsMs`] = round(Math.max(...sinceChange));
      figures[`caChange${r}UnrelatedP99Ms`] = round(percentile(unrelatedB, 99));
    }
    return { rows, figures };
  } finally {
    await load?.ask({ op: 'close' }).catch(() => undefined);
    await host.ask({ op: 'exit' }).catch(() => undefined);
    load?.kill();
    host.kill();
  }
}
