/**
 * The load side of `pnpm bench xds`, run as its own process (`node --import tsx`): STREAMS state-of-
 * the-world ADS streams, each on its own HTTP/2 connection (one Envoy each), each subscribed to one
 * service's EDS, ACKing every response at once. It is a deliberately small gRPC client on node:http2
 * with hand-written protobuf, independent of the server's codecs and of grpc-js.
 *
 * argv: <port> <streams> <service> <node-id-prefix>. IPC out: {op:'opened'} once every stream sent
 * its first request, then {op:'error'} on failures; IPC in: {op:'close'} ends everything.
 */
import http2 from 'node:http2';

const ADS_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
/** Connections opened at once; more would overflow the server's accept backlog. */
const CONNECT_BATCH = 200;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 127) {
    bytes.push((v & 127) | 128);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

const str = (field: number, value: string): Buffer => (value === '' ? Buffer.alloc(0) : lengthDelimited(field, Buffer.from(value)));

/** DiscoveryRequest{version_info=1, node=2{id=1}, resource_names=3, type_url=4, response_nonce=5}. */
function discoveryRequest(r: { nodeId?: string; version: string; names: readonly string[]; nonce: string }): Buffer {
  return Buffer.concat([
    str(1, r.version),
    r.nodeId === undefined ? Buffer.alloc(0) : lengthDelimited(2, str(1, r.nodeId)),
    ...r.names.map((name) => str(3, name)),
    str(4, EDS),
    str(5, r.nonce),
  ]);
}

/** The fields of a DiscoveryResponse the client needs: version_info=1, resources=2 (counted), type_url=4, nonce=5. */
function parseResponse(bytes: Buffer): { version: string; nonce: string; typeUrl: string; resources: number } {
  const out = { version: '', nonce: '', typeUrl: '', resources: 0 };
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[pos++] ?? 0;
      result += (byte & 127) * 2 ** shift;
      if (byte < 128) return result;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const tag = readVarint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) readVarint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = readVarint();
      const value = bytes.subarray(pos, pos + length);
      pos += length;
      if (field === 1) out.version = value.toString();
      else if (field === 2) out.resources++;
      else if (field === 4) out.typeUrl = value.toString();
      else if (field === 5) out.nonce = value.toString();
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/** gRPC length-prefixed message framing. */
function frame(message: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

const [portArg, streamsArg, service = 'service-0', prefix = 'bench'] = process.argv.slice(2);
const port = Number(portArg);
const streams = Number(streamsArg);
const sessions: http2.ClientHttp2Session[] = [];
let closing = false;

function report(message: object): void {
  process.send?.(message);
}

/** Opens one ADS stream on its own connection; resolves once its first request is written. */
function openStream(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    sessions.push(session);
    session.on('error', (error) => (closing ? undefined : report({ op: 'error', error: String(error) })));
    session.once('connect', () => resolve());
    session.once('error', reject);
    const call = session.request(
      { ':method': 'POST', ':path': ADS_PATH, 'content-type': 'application/grpc', te: 'trailers' },
      { endStream: false },
    );
    call.on('error', (error) => (closing ? undefined : report({ op: 'error', error: String(error) })));
    let pending: Buffer = Buffer.alloc(0);
    call.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        const length = pending.readUInt32BE(1);
        if (pending.length < 5 + length) break;
        const response = parseResponse(pending.subarray(5, 5 + length));
        pending = pending.subarray(5 + length);
        call.write(frame(discoveryRequest({ version: response.version, names: [service], nonce: response.nonce })));
      }
    });
    call.write(frame(discoveryRequest({ nodeId: `${prefix}-${index}`, version: '', names: [service], nonce: '' })));
  });
}

process.on('message', (message: { op: string }) => {
  if (message.op !== 'close') return;
  closing = true;
  for (const session of sessions) session.destroy();
  setImmediate(() => process.exit(0));
});

for (let start = 0; start < streams; start += CONNECT_BATCH) {
  const batch = Array.from({ length: Math.min(CONNECT_BATCH, streams - start) }, (_, i) => openStream(start + i));
  await Promise.all(batch);
}
report({ op: 'opened', streams });
