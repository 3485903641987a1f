/**
 * The load side of `pnpm bench certs`, run as its own process (`node --import tsx`): Envoy-like SotW ADS streams, one
 * HTTP/2 connection each, ACKing every response at once, in two groups:
 *  - `secure`: Dataplanes of an mTLS mesh subscribed to their SDS Secrets (`identity_cert:secret:<mesh>`,
 *    `mesh_ca:secret:<mesh>`); every identity certificate received is kept with its arrival time;
 *  - `plain`: Dataplanes of another mesh subscribed to one service's EDS; every response's version is kept with its
 *    arrival time (the "unrelated pushes").
 * Times are wall-clock milliseconds (`performance.timeOrigin + performance.now()`), comparable across the processes.
 *
 * argv: <port> <secure mesh> <secure streams> <plain mesh> <plain streams> <plain service>. IPC in, each answered
 * with its `id`: `open {group}` (resolves once every stream of the group sent its first request), `waitCerts {caPem,
 * timeoutMs}` (once every secure stream holds a certificate the CA signed: each stream's open and arrival time),
 * `edsSince {since, timeoutMs}` (each plain stream's delay from `since` to its first new EDS version), `close`.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import { discoveryRequest, frame, messageReader, parseResponse, parseSecret } from './ads-wire.js';

const ADS_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
const SDS = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
/** Connections opened at once; more would overflow the server's accept backlog. */
const CONNECT_BATCH = 200;
const POLL_MS = 10;

const [portArg, secureMesh = 'secure', secureArg = '0', plainMesh = 'plain', plainArg = '0', plainService = 'echo'] = process.argv.slice(2);
const port = Number(portArg);
const now = (): number => performance.timeOrigin + performance.now();

interface Received {
  readonly value: Buffer | string;
  readonly at: number;
}

interface Stream {
  openedAt: number;
  /** Identity certificates (secure) or EDS versions (plain), in arrival order, each distinct from the one before. */
  readonly received: Received[];
}

const groups = {
  secure: {
    mesh: secureMesh,
    count: Number(secureArg),
    typeUrl: SDS,
    names: [`identity_cert:secret:${secureMesh}`, `mesh_ca:secret:${secureMesh}`],
  },
  plain: { mesh: plainMesh, count: Number(plainArg), typeUrl: EDS, names: [plainService] },
} as const;
type GroupName = keyof typeof groups;
const streams: Record<GroupName, Stream[]> = { secure: [], plain: [] };
const sessions: http2.ClientHttp2Session[] = [];
let closing = false;

function report(message: object): void {
  process.send?.(message);
}

function record(stream: Stream, value: Buffer | string): void {
  const last = stream.received.at(-1)?.value;
  const same = typeof value === 'string' ? last === value : Buffer.isBuffer(last) && last.equals(value);
  if (!same) stream.received.push({ value, at: now() });
}

let reconnects = 0;

/**
 * Opens one ADS stream on its own connection; resolves once the connection is up. A connection that fails or is
 * reset (an overflowing accept queue while the CP is busy) is opened again after a short pause, as Envoy does; the
 * stream keeps what it received and when it first opened.
 */
function openStream(group: GroupName, index: number, stream: Stream = { openedAt: now(), received: [] }): Promise<void> {
  const { mesh, typeUrl, names } = groups[group];
  if (!streams[group].includes(stream)) streams[group].push(stream);
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    sessions.push(session);
    let retried = false;
    const retry = (): void => {
      if (closing || retried) return;
      retried = true;
      reconnects++;
      session.destroy();
      resolve();
      setTimeout(() => void openStream(group, index, stream), 200 + Math.random() * 300);
    };
    session.on('error', retry);
    session.on('close', retry);
    session.once('connect', () => resolve());
    const call = session.request(
      { ':method': 'POST', ':path': ADS_PATH, 'content-type': 'application/grpc', te: 'trailers' },
      { endStream: false },
    );
    call.on('error', retry);
    call.on(
      'data',
      messageReader((message) => {
        const response = parseResponse(message);
        if (response.typeUrl === SDS) {
          for (const resource of response.resources) {
            const secret = parseSecret(resource);
            if (secret.name === names[0] && secret.certificateChain !== undefined) record(stream, Buffer.from(secret.certificateChain));
          }
        } else if (response.typeUrl === EDS) record(stream, response.version);
        call.write(frame(discoveryRequest({ version: response.version, names, typeUrl: response.typeUrl, nonce: response.nonce })));
      }),
    );
    call.write(frame(discoveryRequest({ nodeId: `${mesh}.${group}-${index}`, version: '', names, typeUrl, nonce: '' })));
  });
}

async function open(group: GroupName): Promise<object> {
  const { count } = groups[group];
  const started = now();
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, (_, i) => openStream(group, start + i)));
  }
  return { started, opened: now() };
}

async function poll(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!done()) {
    if (now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

let malformed = 0;

/** A received certificate chain's first certificate; `undefined` (and counted) when it does not parse. */
function parseCertificate(value: Buffer | string | undefined): X509Certificate | undefined {
  try {
    return new X509Certificate(value ?? '');
  } catch (error) {
    if (malformed++ === 0) process.stderr.write(`[sds-load-client] a certificate did not parse (${String(error)}): ${String(value)}\n`);
    return undefined;
  }
}

/** Once every secure stream received a certificate `caPem` signed: per stream, when it opened and when that certificate arrived. */
async function waitCerts(caPem: string, timeoutMs: number): Promise<object> {
  const ca = new X509Certificate(caPem);
  const caKey: KeyObject = ca.publicKey;
  const arrivals = new Map<Stream, number>();
  const checked = new Map<Stream, number>();
  const all = streams.secure;
  const complete = await poll(() => {
    for (const stream of all) {
      if (arrivals.has(stream)) continue;
      for (let i = checked.get(stream) ?? 0; i < stream.received.length; i++) {
        const certificate = parseCertificate(stream.received[i]?.value);
        checked.set(stream, i + 1);
        if (certificate !== undefined && certificate.checkIssued(ca) && certificate.verify(caKey)) {
          arrivals.set(stream, stream.received[i]?.at ?? Number.NaN);
          break;
        }
      }
    }
    return arrivals.size === all.length;
  }, timeoutMs);
  return {
    complete,
    received: arrivals.size,
    malformed,
    reconnects,
    opened: all.map((s) => s.openedAt),
    arrivals: all.map((s) => arrivals.get(s) ?? Number.NaN),
  };
}

/** Per plain stream: from `since` to the arrival of its first EDS version other than the one it held at `since`. */
async function edsSince(since: number, timeoutMs: number): Promise<object> {
  const latencyOf = (stream: Stream): number | undefined => {
    const held = stream.received.filter((r) => r.at < since).at(-1)?.value;
    const next = stream.received.find((r) => r.at >= since && r.value !== held);
    return next === undefined ? undefined : next.at - since;
  };
  const complete = await poll(() => streams.plain.every((stream) => latencyOf(stream) !== undefined), timeoutMs);
  return { complete, latenciesMs: streams.plain.map(latencyOf).filter((ms) => ms !== undefined) };
}

type Request =
  | { readonly id: number; readonly op: 'open'; readonly group: GroupName }
  | { readonly id: number; readonly op: 'waitCerts'; readonly caPem: string; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'edsSince'; readonly since: number; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'close' };

async function handle(request: Request): Promise<object> {
  switch (request.op) {
    case 'open':
      return open(request.group);
    case 'waitCerts':
      return waitCerts(request.caPem, request.timeoutMs);
    case 'edsSince':
      return edsSince(request.since, request.timeoutMs);
    case 'close':
      closing = true;
      for (const session of sessions) session.destroy();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

process.on('message', (message: Request) => {
  void handle(message).then(
    (reply) => report({ id: message.id, ...reply }),
    (error: unknown) => report({ id: message.id, error: String(error) }),
  );
});
report({ op: 'ready' });
