/**
 * kumiko-grpc-ingress: a stand-in ZoneIngress data plane, run by kumiko-dp in place of Envoy
 * (`kumiko-dp run --proxy-type ingress --binary-path scripts/grpc-ingress/envoy`) where no Envoy is
 * installed, as in the local demo and the tests. It takes Envoy's command line (`--version`,
 * `--config-path <bootstrap>`; other flags ignored), connects to the ADS cluster of the bootstrap (over TLS verified against
 * its `cp_validation_ctx` when the cluster says so) as the bootstrap's node (with the ADS service's `initial_metadata`, the proxy's token), listens where its listener says, and does what Envoy does with that listener for
 * mesh mTLS: TLS passthrough by SNI (TLS inspector, filter chains' `server_names` → `tcp_proxy` cluster),
 * never terminating TLS. Connections that are not TLS (meshes without mTLS, whose gRPC has no SNI) are
 * forwarded as h2c gRPC by `:authority` instead — real Envoy would close them.
 */
import { readFileSync } from 'node:fs';
import { parseYamlDocuments } from '@kumiko/api';
import { adsChannel, type AdsChannel, type BootstrapAdsCluster } from './ads-channel.js';
import { type BootstrapAdsConfig, adsInitialMetadata } from './ads-initial-metadata.js';
import { GrpcIngressProxy } from './grpc-ingress-proxy.js';
import { IngressListener } from './ingress-listener.js';
import { IngressXdsClient, type IngressNode } from './ingress-xds-client.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  console.log('\nenvoy  version: kumiko-grpc-ingress/1.36.0/Clean/RELEASE/none (Kumiko gRPC ingress, not Envoy)\n');
  process.exit(0);
}
const configPath = args[args.indexOf('--config-path') + 1];
if (!args.includes('--config-path') || configPath === undefined) {
  console.error('kumiko-grpc-ingress: --config-path <bootstrap.yaml> is required');
  process.exit(1);
}

interface Bootstrap extends BootstrapAdsConfig, BootstrapAdsCluster {
  node: IngressNode;
}
const bootstrap = parseYamlDocuments(readFileSync(configPath, 'utf8'))[0]?.value as Bootstrap;
let ads: AdsChannel;
try {
  ads = adsChannel(bootstrap);
} catch (error) {
  console.error(`kumiko-grpc-ingress: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const log = (message: string): void => console.log(`kumiko-grpc-ingress ${bootstrap.node.id}: ${message}`);
const client: IngressXdsClient = new IngressXdsClient(ads, bootstrap.node, onListener, log, adsInitialMetadata(bootstrap));
const balancer = new WeightedRoundRobin();
const plaintext = new GrpcIngressProxy(
  () => client.routes,
  (key, endpoints) => balancer.pick(key, endpoints),
);
const proxy = new IngressListener({ routes: () => client.routes, balancer, plaintext: (socket) => plaintext.accept(socket), log });
let listeningOn = '';
let listenChain: Promise<void> = Promise.resolve();

/** Binds where the listener says; a listener that moved (the ZoneIngress changed) is re-bound, as Envoy does. */
function onListener({ host, port }: { host: string; port: number }): void {
  const where = `${host}:${port}`;
  if (where === listeningOn) return;
  listeningOn = where;
  listenChain = listenChain
    .then(() => {
      plaintext.close();
      return proxy.close();
    })
    .then(() => proxy.listen(host, port))
    .then(
      (bound) => log(`routing TLS by SNI (and plaintext gRPC by :authority) on ${host}:${bound}`),
      (error: unknown) => {
        console.error(`kumiko-grpc-ingress: cannot listen on ${where}: ${String(error)}`);
        process.exit(1);
      },
    );
}

client.run();
const stop = (): void => {
  client.stop();
  plaintext.close();
  void proxy.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
