/**
 * The demo's proxyless gRPC client in zone-1: @grpc/grpc-js-xds resolves `xds:///<service>` through its
 * `kumiko-dp run --proxyless` agent (whose bootstrap `GRPC_XDS_BOOTSTRAP` names; the client waits for that file)
 * and calls, with `XdsChannelCredentials`, every service named on the command line once a second — mesh mTLS when
 * the mesh has it. Calls wait for a ready connection (`waitForReady`, 5 s deadline), as a proxyless app should
 * while mTLS flips. It prints a summary of who answered, and whom they saw calling, every few seconds.
 * Usage: GRPC_XDS_BOOTSTRAP=<file> demo-client.ts <service>...
 */
import { existsSync } from 'node:fs';
import { Client, credentials } from '@grpc/grpc-js';
import { XdsChannelCredentials, register } from '@grpc/grpc-js-xds';
import { sayHello } from '@kumiko/xds/test-support';

register();
const services = process.argv.slice(2);
const bootstrap = process.env['GRPC_XDS_BOOTSTRAP'];
if (services.length === 0 || bootstrap === undefined) {
  console.error('usage: GRPC_XDS_BOOTSTRAP=<file> demo-client.ts <service>...');
  process.exit(2);
}
for (let waited = 0; !existsSync(bootstrap); waited++) {
  if (waited % 50 === 0) console.log(`demo-client: waiting for kumiko-dp to write ${bootstrap}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const clients = new Map(services.map((s) => [s, new Client(`xds:///${s}`, new XdsChannelCredentials(credentials.createInsecure()))]));
const tally = new Map<string, Map<string, number>>();

setInterval(() => {
  for (const [service, client] of clients) {
    sayHello(client, { waitForReady: true }).then(
      (reply) => count(service, `answered by ${reply}`),
      // the status and its first words, without the per-call timings grpc-js appends
      (error: unknown) =>
        count(
          service,
          `failed: ${(error instanceof Error ? error.message : String(error)).split(/[\n,]/)[0]?.replace(/ after [\d.]+s$/, '')}`,
        ),
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
