/**
 * The demo's proxyless gRPC client in zone-1: @grpc/grpc-js-xds resolves `xds:///<service>` through
 * zone-1's ADS (node `default.demo-client`) and calls every service named on the command line once
 * a second, printing a summary of who answered every few seconds. Usage: demo-client.ts <ads host:port> <service>...
 */
import { Client, credentials } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { sayHello } from '@kumiko/xds/test-support';

register();
const [ads, ...services] = process.argv.slice(2);
if (ads === undefined || services.length === 0) {
  console.error('usage: demo-client.ts <ads host:port> <service>...');
  process.exit(2);
}
const bootstrap = {
  xds_servers: [{ server_uri: ads, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
  node: { id: 'default.demo-client', locality: { zone: 'zone-1' } },
};
const clients = new Map(
  services.map((s) => [
    s,
    new Client(`xds:///${s}`, credentials.createInsecure(), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(bootstrap),
    }),
  ]),
);
const tally = new Map<string, Map<string, number>>();

setInterval(() => {
  for (const [service, client] of clients) {
    sayHello(client).then(
      (reply) => count(service, `answered by ${reply}`),
      (error: unknown) => count(service, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`),
    );
  }
}, 1_000);
setInterval(() => {
  const line = [...tally]
    .map(([service, outcomes]) => `${service}: ${[...outcomes].map(([what, n]) => `${n}× ${what}`).join(', ')}`)
    .join(' | ');
  console.log(`[zone-1 proxyless client] ${line}`);
  tally.clear();
}, 5_000);

function count(service: string, outcome: string): void {
  const outcomes = tally.get(service) ?? new Map<string, number>();
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  tally.set(service, outcomes);
}
process.on('SIGTERM', () => process.exit(0));
