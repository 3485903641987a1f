/**
 * The topology of `pnpm bench converge` and the REST calls that build it: one mTLS mesh, a
 * ZoneIngress per zone, and per zone `services` services of `instances` Dataplanes each, all
 * written through the zones' REST APIs as a user (or kumactl) would.
 */

export const MESH = 'converge';

export interface ZoneTopology {
  readonly zone: string;
  /** 1, 2, …: the second octet of its Dataplanes' addresses. */
  readonly index: number;
  readonly services: number;
  readonly instances: number;
}

/** `z2-svc-007`. */
export const serviceName = (zoneIndex: number, service: number): string => `z${zoneIndex}-svc-${String(service).padStart(3, '0')}`;

export const ingressAdvertised = (zoneIndex: number): { address: string; port: number } => ({
  address: `192.0.2.${zoneIndex}`,
  port: 10001,
});

export function dataplaneBody(name: string, address: string, service: string, outbounds: readonly string[] = []): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh: MESH,
    name,
    networking: {
      address,
      inbound: [{ port: 8080, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'http' } }],
      ...(outbounds.length === 0 ? {} : { outbound: outbounds.map((s, i) => ({ port: 20001 + i, tags: { 'kuma.io/service': s } })) }),
    },
  };
}

export function zoneIngressBody(zoneIndex: number): Record<string, unknown> {
  const advertised = ingressAdvertised(zoneIndex);
  return {
    type: 'ZoneIngress',
    name: `zi-${zoneIndex}`,
    networking: { address: '127.0.0.1', port: 10001, advertisedAddress: advertised.address, advertisedPort: advertised.port },
  };
}

/** The `i`-th Dataplane of a zone: its name, address and service. */
export function loadedDataplane(topology: ZoneTopology, i: number): { name: string; address: string; service: string } {
  const service = serviceName(topology.index, Math.floor(i / topology.instances));
  return { name: `${service}-${i % topology.instances}`, address: `10.${topology.index}.${i >> 8}.${i & 255}`, service };
}

/** PUT or DELETE `path`; throws unless the CP answers 2xx. */
export async function send(base: string, path: string, method: 'PUT' | 'DELETE', body?: unknown): Promise<void> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight; rejects on the first failure. */
export async function boundedConcurrency(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
