import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Metadata } from '@grpc/grpc-js';
import { DiscoveryRequest, DiscoveryResponse, SOTW_ADS_PATH, decodeListener, TypeUrls } from '@kumiko/xds';
import { SotwTestStream } from '@kumiko/xds/test-support';
import type { AdsChannel } from './ads-channel.js';
import { IngressRoutes } from './ingress-routes.js';

export interface IngressNode {
  readonly id: string;
  readonly cluster?: string;
  readonly metadata?: Record<string, unknown>;
}

/**
 * The ingress's ADS subscription (state of the world): all clusters and listeners, then the load
 * assignments of the clusters; every response ACKed; on a broken stream it reconnects with backoff
 * and keeps the last config meanwhile. The first listener's filter chains become the SNI routes, and
 * `onListener` gets its socket address. Every stream carries `initialMetadata` (the bootstrap's, where the zone CP
 * puts the proxy's token), as Envoy's does.
 */
export class IngressXdsClient {
  routes = new IngressRoutes();
  private stopped = false;
  private client: Client | undefined;

  constructor(
    private readonly ads: AdsChannel,
    private readonly node: IngressNode,
    private readonly onListener: (address: { host: string; port: number }) => void,
    private readonly log: (message: string) => void,
    private readonly initialMetadata?: Metadata,
  ) {}

  run(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.client?.close();
  }

  private async loop(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      const client = new Client(this.ads.address, this.ads.credentials, this.ads.options);
      this.client = client;
      const call = client.makeBidiStreamRequest(
        SOTW_ADS_PATH,
        (request: DiscoveryRequest) => Buffer.from(DiscoveryRequest.encode(request).finish()),
        (bytes: Buffer) => DiscoveryResponse.decode(bytes),
        this.initialMetadata?.clone() ?? new Metadata(),
      );
      const stream = new SotwTestStream(call, this.node.id);
      stream.send({ type_url: TypeUrls.Cluster, resource_names: [], version_info: '', response_nonce: '', node: this.node });
      stream.request(TypeUrls.Listener, []);
      let edsNames: readonly string[] = [];
      for (;;) {
        const response = await stream.next(3_600_000).catch(() => undefined);
        if (response === undefined) break;
        attempt = 0;
        const resources = response.resources ?? [];
        if (response.type_url === TypeUrls.Cluster) {
          this.routes = this.routes.withClusters(resources);
          stream.ack(response, []);
          if (this.routes.clusters.join(',') !== edsNames.join(',')) {
            edsNames = this.routes.clusters;
            stream.request(TypeUrls.ClusterLoadAssignment, edsNames);
          }
        } else if (response.type_url === TypeUrls.ClusterLoadAssignment) {
          this.routes = this.routes.withLoadAssignments(resources);
          stream.ack(response, edsNames);
        } else if (response.type_url === TypeUrls.Listener) {
          const listener = resources[0] === undefined ? undefined : decodeListener(resources[0].value ?? new Uint8Array());
          if (listener !== undefined) this.routes = this.routes.withListener(listener);
          const address = listener?.address?.address;
          if (address?.$case === 'socket_address' && address.socket_address.port_specifier?.$case === 'port_value') {
            this.onListener({ host: address.socket_address.address ?? '0.0.0.0', port: address.socket_address.port_specifier.port_value });
          }
          stream.ack(response, []);
        } else {
          stream.ack(response, []);
        }
        const services = this.routes.clusters.map((c) => `${c}=${this.routes.endpoints.get(c)?.length ?? 0}`).join(' ');
        const names = this.routes.chains.flatMap((chain) => chain.serverNames).length;
        this.log(`config: ${services || '(no services)'}; ${names} SNIs in ${this.routes.chains.length} filter chains`);
      }
      client.close();
      if (this.stopped) return;
      this.log('ADS stream ended; keeping the last config and reconnecting');
      await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
    }
  }
}
