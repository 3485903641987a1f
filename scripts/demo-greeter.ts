/**
 * The demo's workload: a small gRPC greeter that answers with its name, registered as a Dataplane of
 * mesh `default` through its zone CP's REST API (and deregistered on SIGTERM).
 * Usage: demo-greeter.ts <zone API URL> <service> <dataplane name> [bind address, default 127.0.0.1] [port, default any]
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { greeterService } from '@kumiko/xds/test-support';

const [api, service, name, host = '127.0.0.1', portText = '0'] = process.argv.slice(2);
if (api === undefined || service === undefined || name === undefined) {
  console.error('usage: demo-greeter.ts <zone API URL> <service> <dataplane name> [bind address] [port]');
  process.exit(2);
}
const zone = process.env['KUMIKO_DEMO_ZONE'] ?? 'this zone';
const server = new Server();
server.addService(greeterService, {
  SayHello: (_call: unknown, callback: (error: null, reply: string) => void) => callback(null, `${name} in ${zone}`),
});
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync(`${host}:${portText}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
);
const dataplaneUrl = `${api}/meshes/default/dataplanes/${name}`;
const body = {
  type: 'Dataplane',
  mesh: 'default',
  name,
  networking: { address: host, inbound: [{ port, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'grpc' } }] },
};
for (let attempt = 1; ; attempt++) {
  const response = await fetch(dataplaneUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => error as Error);
  if (!(response instanceof Error) && response.ok) break;
  const why = response instanceof Error ? response.message : `${response.status} ${await response.text()}`;
  if (attempt >= 60) {
    console.error(`demo-greeter: could not register ${name}: ${why}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
console.log(`demo-greeter: ${name} (service ${service}) serving on ${host}:${port}, registered at ${dataplaneUrl}`);
process.on('SIGTERM', () => {
  void fetch(dataplaneUrl, { method: 'DELETE' })
    .catch(() => undefined)
    .finally(() => server.tryShutdown(() => process.exit(0)));
});
