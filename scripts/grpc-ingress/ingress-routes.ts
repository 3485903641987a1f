import { decodeCluster, decodeLoadAssignment, decodeTcpProxy, type ClusterLoadAssignment, type Listener } from '@kumiko/xds';

/** One upstream of a service, from EDS, with its `envoy.lb` metadata (its tags but the service). */
export interface IngressEndpoint {
  readonly address: string;
  readonly port: number;
  readonly weight: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One filter chain of the ingress listener as the data path uses it: the SNIs it matches (Envoy's
 * `filter_chain_match.server_names`, empty = any), its transport protocol (`tls`, or empty = any), and
 * its `tcp_proxy`'s cluster and `metadata_match` on `envoy.lb`. `cluster` is undefined for a chain that
 * forwards nowhere (the generator's "no service here" direct response).
 */
export interface IngressFilterChain {
  readonly serverNames: readonly string[];
  readonly transportProtocol: string;
  readonly cluster: string | undefined;
  readonly metadataMatch: Readonly<Record<string, string>>;
}

const TCP_PROXY_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';

/**
 * What a ZoneIngress's xDS config says, as the ingress stand-in uses it: the listener's filter chains
 * (SNI → cluster `<mesh>:<service>`, optionally narrowed to an endpoint subset) and per cluster its
 * endpoints. Immutable; `with…` return new tables.
 */
export class IngressRoutes {
  constructor(
    readonly clusters: readonly string[] = [],
    readonly endpoints: ReadonlyMap<string, readonly IngressEndpoint[]> = new Map(),
    readonly chains: readonly IngressFilterChain[] = [],
  ) {}

  withClusters(resources: readonly { value?: Uint8Array | undefined }[]): IngressRoutes {
    const names = resources
      .map((r) => decodeCluster(r.value ?? new Uint8Array()).name ?? '')
      .filter((n) => n !== '')
      .sort();
    return new IngressRoutes(names, new Map([...this.endpoints].filter(([name]) => names.includes(name))), this.chains);
  }

  withLoadAssignments(resources: readonly { value?: Uint8Array | undefined }[]): IngressRoutes {
    const endpoints = new Map<string, readonly IngressEndpoint[]>();
    for (const resource of resources) {
      const assignment = decodeLoadAssignment(resource.value ?? new Uint8Array());
      endpoints.set(assignment.cluster_name ?? '', endpointsOf(assignment));
    }
    return new IngressRoutes(this.clusters, endpoints, this.chains);
  }

  /** The filter chains of `listener` (the ingress has one), replacing the previous ones. */
  withListener(listener: Listener): IngressRoutes {
    return new IngressRoutes(this.clusters, this.endpoints, (listener.filter_chains ?? []).map(filterChainOf));
  }

  /**
   * The filter chain a TLS connection with `serverName` (lower case; undefined when the client sent no
   * SNI) takes, as Envoy chooses it among chains that accept TLS: a chain listing the name exactly, else
   * the one with the longest matching wildcard `*.<suffix>`, else one without server names; undefined
   * when none matches (Envoy closes the connection).
   */
  chainFor(serverName: string | undefined): IngressFilterChain | undefined {
    const tls = this.chains.filter((chain) => chain.transportProtocol === '' || chain.transportProtocol === 'tls');
    if (serverName !== undefined) {
      const exact = tls.find((chain) => chain.serverNames.some((name) => name.toLowerCase() === serverName));
      if (exact !== undefined) return exact;
      for (let dot = serverName.indexOf('.'); dot >= 0; dot = serverName.indexOf('.', dot + 1)) {
        const wildcard = `*${serverName.slice(dot)}`;
        const match = tls.find((chain) => chain.serverNames.some((name) => name.toLowerCase() === wildcard));
        if (match !== undefined) return match;
      }
    }
    return tls.find((chain) => chain.serverNames.length === 0);
  }

  /**
   * The endpoints a chain forwards to: those of its cluster whose tags include all of its
   * `metadata_match`, or every endpoint of the cluster when none does (the generator's subset
   * fallback policy is ANY_ENDPOINT).
   */
  endpointsFor(chain: IngressFilterChain): readonly IngressEndpoint[] {
    const all = chain.cluster === undefined ? [] : (this.endpoints.get(chain.cluster) ?? []);
    const wanted = Object.entries(chain.metadataMatch);
    if (wanted.length === 0) return all;
    const subset = all.filter((endpoint) => wanted.every(([key, value]) => endpoint.tags[key] === value));
    return subset.length > 0 ? subset : all;
  }

  /**
   * The cluster a plaintext gRPC `:authority` means: its host (port and `.mesh` removed) is a service
   * name, or the service name with `_` turned into `.` (Kuma's second DNS name). A service present in
   * several meshes resolves to the first mesh in name order (plaintext gRPC carries no mesh).
   */
  clusterFor(authority: string): string | undefined {
    let host = authority.replace(/:\d+$/, '').toLowerCase();
    if (host.endsWith('.mesh')) host = host.slice(0, -'.mesh'.length);
    return this.clusters.find((name) => {
      const service = name.slice(name.indexOf(':') + 1).toLowerCase();
      return service === host || service.replaceAll('_', '.') === host;
    });
  }
}

function filterChainOf(chain: NonNullable<Listener['filter_chains']>[number]): IngressFilterChain {
  const match = chain.filter_chain_match;
  let cluster: string | undefined;
  let metadataMatch: Record<string, string> = {};
  for (const filter of chain.filters ?? []) {
    const config = filter.config_type;
    if (config?.$case !== 'typed_config' || config.typed_config.type_url !== TCP_PROXY_TYPE) continue;
    const proxy = decodeTcpProxy(config.typed_config.value ?? new Uint8Array());
    if (proxy.cluster_specifier?.$case !== 'cluster') continue;
    cluster = proxy.cluster_specifier.cluster;
    metadataMatch = stringsOf(proxy.metadata_match?.filter_metadata?.['envoy.lb']);
  }
  return { serverNames: match?.server_names ?? [], transportProtocol: match?.transport_protocol ?? '', cluster, metadataMatch };
}

function stringsOf(struct: { [key: string]: unknown } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(struct ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
}

function endpointsOf(assignment: ClusterLoadAssignment): IngressEndpoint[] {
  const out: IngressEndpoint[] = [];
  for (const group of assignment.endpoints ?? []) {
    for (const lb of group.lb_endpoints ?? []) {
      const id = lb.host_identifier;
      const address = id?.$case === 'endpoint' ? id.endpoint.address?.address : undefined;
      if (address?.$case !== 'socket_address') continue;
      const socket = address.socket_address;
      const port = socket.port_specifier?.$case === 'port_value' ? socket.port_specifier.port_value : 0;
      const tags = stringsOf(lb.metadata?.filter_metadata?.['envoy.lb']);
      if (socket.address !== undefined && port > 0)
        out.push({ address: socket.address, port, weight: lb.load_balancing_weight ?? 1, tags });
    }
  }
  return out;
}
