/**
 * The demo's workload: a proxyless gRPC greeter. It is an `XdsServer` (gRFC A36) on the address of its Dataplane's
 * inbound, with `XdsServerCredentials`: its listener — mesh mTLS requiring a client certificate when the mesh is
 * STRICT — comes from the zone CP through the `kumiko-dp run --proxyless` agent beside it, whose bootstrap
 * `GRPC_XDS_BOOTSTRAP` names (the greeter waits for that file). It answers with its name, its zone and the
 * identity (SPIFFE ID) the caller's certificate carries, and logs each new caller identity it sees.
 * Usage: GRPC_XDS_BOOTSTRAP=<file> demo-greeter.ts <name> <bind host:port>
 */
import { existsSync } from 'node:fs';
import { ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { XdsServer, XdsServerCredentials, register } from '@grpc/grpc-js-xds';
import { greeterService } from '@kumiko/xds/test-support';

// grpc-js-xds's filters, load balancers and certificate providers, which an XdsServer's listener uses too
register();
const [name, address] = process.argv.slice(2);
const bootstrap = process.env['GRPC_XDS_BOOTSTRAP'];
if (name === undefined || address === undefined || bootstrap === undefined) {
  console.error('usage: GRPC_XDS_BOOTSTRAP=<file> demo-greeter.ts <name> <bind host:port>');
  process.exit(2);
}
const zone = process.env['KUMIKO_DEMO_ZONE'] ?? 'this zone';
for (let waited = 0; !existsSync(bootstrap); waited++) {
  if (waited % 50 === 0) console.log(`demo-greeter: waiting for kumiko-dp to write ${bootstrap}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The caller's SPIFFE ID from its client certificate, or `plaintext` when the connection has none. */
function callerOf(call: ServerUnaryCall<string, string>): string {
  const sans = call.getAuthContext().sslPeerCertificate?.subjectaltname;
  if (sans === undefined) return 'plaintext';
  return /URI:(spiffe:\/\/[^,\s]+)/.exec(sans)?.[1] ?? sans;
}

const seen = new Set<string>();
const server = new XdsServer();
server.addService(greeterService, {
  SayHello: (call: ServerUnaryCall<string, string>, callback: sendUnaryData<string>) => {
    const caller = callerOf(call);
    if (!seen.has(caller)) {
      seen.add(caller);
      console.log(`demo-greeter: ${name} called by ${caller}`);
    }
    callback(null, `${name} in ${zone}, caller ${caller}`);
  },
});
server.bindAsync(address, new XdsServerCredentials(ServerCredentials.createInsecure()), (error) => {
  if (error) {
    console.error(`demo-greeter: cannot serve on ${address}: ${error.message}`);
    process.exit(1);
  }
  console.log(`demo-greeter: ${name} serving on ${address} (listener and TLS from the zone CP)`);
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
