import { decodeCluster, decodeLoadAssignment, type ClusterLoadAssignment } from '@kumiko/xds';

/** One upstream of a service, from EDS. */
export interface IngressEndpoint {
  readonly address: string;
  readonly port: number;
  readonly weight: number;
}

/**
 * What a ZoneIngress's xDS config says, as the gRPC ingress uses it: per cluster `<mesh>:<service>`
 * (the zone ingress generator's names) its endpoints. Immutable; `with…` return new tables.
 */
export class IngressRoutes {
  constructor(
    readonly clusters: readonly string[] = [],
    readonly endpoints: ReadonlyMap<string, readonly IngressEndpoint[]> = new Map(),
  ) {}

  withClusters(resources: readonly { value?: Uint8Array | undefined }[]): IngressRoutes {
    const names = resources
      .map((r) => decodeCluster(r.value ?? new Uint8Array()).name ?? '')
      .filter((n) => n !== '')
      .sort();
    return new IngressRoutes(names, new Map([...this.endpoints].filter(([name]) => names.includes(name))));
  }

  withLoadAssignments(resources: readonly { value?: Uint8Array | undefined }[]): IngressRoutes {
    const endpoints = new Map<string, readonly IngressEndpoint[]>();
    for (const resource of resources) {
      const assignment = decodeLoadAssignment(resource.value ?? new Uint8Array());
      endpoints.set(assignment.cluster_name ?? '', endpointsOf(assignment));
    }
    return new IngressRoutes(this.clusters, endpoints);
  }

  /**
   * The cluster a gRPC `:authority` means: its host (port and `.mesh` removed) is a service name, or
   * the service name with `_` turned into `.` (Kuma's second DNS name). A service present in several
   * meshes resolves to the first mesh in name order (plaintext gRPC carries no mesh).
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

function endpointsOf(assignment: ClusterLoadAssignment): IngressEndpoint[] {
  const out: IngressEndpoint[] = [];
  for (const group of assignment.endpoints ?? []) {
    for (const lb of group.lb_endpoints ?? []) {
      const id = lb.host_identifier;
      const address = id?.$case === 'endpoint' ? id.endpoint.address?.address : undefined;
      if (address?.$case !== 'socket_address') continue;
      const socket = address.socket_address;
      const port = socket.port_specifier?.$case === 'port_value' ? socket.port_specifier.port_value : 0;
      if (socket.address !== undefined && port > 0) out.push({ address: socket.address, port, weight: lb.load_balancing_weight ?? 1 });
    }
  }
  return out;
}
