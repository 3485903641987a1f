import { compareStrings } from '../snapshot/string-order.js';
import { meshClusterName } from '../envoy/envoy-names.js';

/** The DNS suffix of mesh services (`KUMA_DNS_SERVER_DOMAIN`), which a proxyless target may carry. */
const MESH_DOMAIN = '.mesh';
/** What a TLS client can send as a host name SNI; anything else (e.g. Kuma's `{...}` SNIs) is never bare. */
const HOST_NAME = /^[A-Za-z0-9_.-]{1,253}$/;

/**
 * The bare server names a zone ingress routes for proxyless gRPC clients, per cluster `<mesh>:<service>`.
 *
 * A proxyless gRPC client (gRFC A29, e.g. grpc-js-xds) ignores the cluster's `UpstreamTlsContext.sni`
 * and sends its channel's authority as SNI: for `xds:///<name>` that is `<name>` — a service name, the
 * service name with `_` as `.` (Kuma's second DNS name), either with `.mesh` — not Kuma's
 * `<service>{mesh=<mesh>}`. The SNI carries no mesh, so a name is routed only when it is unambiguous at
 * this ingress:
 *
 * - within a mesh, a name means the service the proxyless resolver picks for it (the exact service name
 *   first, else the first service in name order whose `_`-as-`.` name it is);
 * - a name that means a service in two or more of `services`' meshes is not emitted at all (nor is one
 *   two services of a mesh both claim, like `x.mesh` for services `x` and `x.mesh`). Clients then reach
 *   those services through no bare name; a client of the other mesh could not finish the handshake
 *   anyway, since each mesh has its own CA.
 *
 * `services` are those of meshes with mTLS on (without TLS there is no SNI). Names are sorted; a cluster
 * without any unambiguous name is absent.
 */
export function proxylessServerNames(services: Iterable<{ readonly mesh: string; readonly service: string }>): Map<string, string[]> {
  const byMesh = new Map<string, Set<string>>();
  for (const { mesh, service } of services) {
    let set = byMesh.get(mesh);
    if (set === undefined) byMesh.set(mesh, (set = new Set()));
    set.add(service);
  }
  const claims = new Map<string, Set<string>>();
  for (const [mesh, meshServices] of byMesh) {
    for (const [host, service] of hostsOf(meshServices)) {
      for (const name of [host, `${host}${MESH_DOMAIN}`]) {
        if (!HOST_NAME.test(name)) continue;
        let clusters = claims.get(name);
        if (clusters === undefined) claims.set(name, (clusters = new Set()));
        clusters.add(meshClusterName(mesh, service));
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [name, clusters] of claims) {
    const cluster = [...clusters][0];
    if (clusters.size !== 1 || cluster === undefined) continue;
    out.set(cluster, [...(out.get(cluster) ?? []), name]);
  }
  for (const names of out.values()) names.sort(compareStrings);
  return out;
}

/** host → service, as the proxyless resolver maps a requested name to a service of one mesh. */
function hostsOf(services: ReadonlySet<string>): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const service of [...services].sort(compareStrings)) {
    const dotted = service.replaceAll('_', '.');
    if (!hosts.has(dotted)) hosts.set(dotted, service);
  }
  for (const service of services) hosts.set(service, service);
  return hosts;
}
