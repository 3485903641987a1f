/**
 * The load side of `pnpm bench xds`, run as its own process (`node --import tsx`): STREAMS state-of-
 * the-world ADS streams, each on its own HTTP/2 connection (one Envoy each), each subscribed to one
 * service's EDS, ACKing every response at once. It is a deliberately small gRPC client on node:http2
 * with hand-written protobuf (ads-wire.ts), independent of the server's codecs and of grpc-js.
 *
 * argv: <port> <streams> <service> <node-id-prefix>. IPC out: {op:'opened'} once every stream sent
 * its first request, then {op:'error'} on failures; IPC in: {op:'close'} ends everything.
 */
import http2 from 'node:http2';
import { discoveryRequest, frame, messageReader, parseResponse } from './ads-wire.js';

const ADS_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';
/** Connections opened at once; more would overflow the server's accept backlog. */
const CONNECT_BATCH = 200;

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
    call.on(
      'data',
      messageReader((message) => {
        const response = parseResponse(message);
        call.write(frame(discoveryRequest({ version: response.version, names: [service], typeUrl: EDS, nonce: response.nonce })));
      }),
    );
    call.write(frame(discoveryRequest({ nodeId: `${prefix}-${index}`, version: '', names: [service], typeUrl: EDS, nonce: '' })));
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
