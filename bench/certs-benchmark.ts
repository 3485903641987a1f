/**
 * `pnpm bench certs`, part pki: what mesh mTLS costs the control plane per proxy certificate — generating an RSA-2048
 * identity key, signing a certificate for a key it already has (rotation, re-issue after a CA change), and
 * issuing with a fresh key (a new proxy), and re-signing a proxy's current certificate (what renewal and a CA
 * change do: same key, same SANs, new serial, validity and issuer), then the same with the zone's ECDSA P-256 keys. Each case runs one operation at a time for a fixed time after a
 * warm-up (key generation and signing run on libuv's thread pool, so a second column runs 4 at a time).
 * The builtin CA is RSA-2048, as Kuma's default.
 * Part e2e (certs-end-to-end.ts): a zone CP handing 5,000 connected proxies their certificates.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createBuiltinCa, generateIdentityKey, IdentityKeyTypes, issueIdentityCertificate, loadCa, type TagSet } from '@kumiko/pki';
import { type Benchmark, type BenchmarkRow } from './benchmark.js';
import { measureEndToEnd } from './certs-end-to-end.js';

const WARMUP_MS = 500;
const RUN_MS = 4_000;
const CONCURRENCY = 4;
const TAG_SETS: readonly TagSet[] = [
  { 'kuma.io/service': 'backend_payments_svc_8080', 'kuma.io/zone': 'eu-west-1', version: 'v1', team: 'payments' },
  { 'kuma.io/service': 'backend-metrics_payments_svc_9090', 'kuma.io/zone': 'eu-west-1', version: 'v1' },
];

/** Operations per second over RUN_MS with `parallel` operations in flight. */
async function rate(operation: () => Promise<unknown>, parallel: number): Promise<number> {
  const runFor = async (ms: number): Promise<number> => {
    let ops = 0;
    const start = performance.now();
    const worker = async (): Promise<void> => {
      while (performance.now() - start < ms) {
        await operation();
        ops++;
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return (ops / (performance.now() - start)) * 1000;
  };
  await runFor(WARMUP_MS);
  return runFor(RUN_MS);
}

/** The pki layer alone: one row per case. */
async function measurePki(): Promise<{ rows: BenchmarkRow[]; figures: Record<string, number> }> {
  const builtin = await createBuiltinCa({ mesh: 'default' });
  const ca = await loadCa(builtin.certPem, builtin.keyPem);
  const key = await generateIdentityKey();
  const issue = { ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS };
  const previous = await issueIdentityCertificate({ ...issue, key });
  const ec = { ...issue, keyType: IdentityKeyTypes.EcdsaP256 };
  const ecPrevious = await issueIdentityCertificate(ec);

  const cases: readonly (readonly [string, () => Promise<unknown>])[] = [
    ['generate RSA-2048 key', generateIdentityKey],
    ['sign certificate, reused key', () => issueIdentityCertificate({ ...issue, key })],
    ['issue certificate, fresh key', () => issueIdentityCertificate(issue)],
    ['re-sign current certificate (renewal, new CA)', () => issueIdentityCertificate({ ...issue, previous })],
    ['generate P-256 key', () => generateIdentityKey(IdentityKeyTypes.EcdsaP256)],
    ['issue certificate, fresh P-256 key', () => issueIdentityCertificate(ec)],
    ['re-sign current P-256 certificate', () => issueIdentityCertificate({ ...ec, previous: ecPrevious })],
  ];
  const rows: BenchmarkRow[] = [];
  const serial: number[] = [];
  for (const [name, operation] of cases) {
    const one = await rate(operation, 1);
    const many = await rate(operation, CONCURRENCY);
    serial.push(one);
    rows.push({ case: name, 'ops/s (1 at a time)': one, 'ms/op': 1000 / one, [`ops/s (${CONCURRENCY} at a time)`]: many });
  }
  const names = [
    'keysPerSecond',
    'signaturesPerSecond',
    'issuesPerSecondFreshKey',
    'resignsPerSecond',
    'p256KeysPerSecond',
    'p256IssuesPerSecondFreshKey',
    'p256ResignsPerSecond',
  ];
  return { rows, figures: Object.fromEntries(names.map((name, i) => [name, Math.round((serial[i] ?? 0) * 10) / 10])) };
}

/** `BENCH_CERTS_PARTS`: `pki`, `e2e` or both (default). */
const PARTS = (process.env['BENCH_CERTS_PARTS'] ?? 'pki,e2e').split(',');

export const certsBenchmark: Benchmark = {
  name: 'certs',
  description: `identity keys and certificates (pki: ${RUN_MS / 1000} s per case after ${WARMUP_MS / 1000} s warm-up; e2e: a zone CP with mTLS proxies over ADS); node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  async run() {
    const rows: BenchmarkRow[] = [];
    let figures: Record<string, number> = {};
    if (PARTS.includes('pki')) {
      const pki = await measurePki();
      rows.push(...pki.rows);
      figures = { ...figures, ...pki.figures };
    }
    if (PARTS.includes('e2e')) {
      const e2e = await measureEndToEnd();
      rows.push(...e2e.rows);
      figures = { ...figures, ...e2e.figures };
    }
    return { rows, figures };
  },
};
