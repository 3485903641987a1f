/**
 * Inputs for the generator tests: decoded through @kumiko/api's decoders (so every default is the
 * real one), and one two-zone topology most tests share. Test-only.
 */
import {
  type Dataplane,
  type DecodeResult,
  type Mesh,
  type ZoneEgress,
  type ZoneIngress,
  computeAvailableServices,
  decodeDataplane,
  decodeMesh,
  decodeZoneEgress,
  decodeZoneIngress,
} from '@kumiko/api';
import { type MeshView, type MeshViewInput, createMeshView } from '../src/generate/mesh-view.js';

function decoded<T>(result: DecodeResult<T>): T {
  if (!result.ok) throw new Error(`fixture does not decode: ${JSON.stringify(result.issues)}`);
  return result.value;
}

export interface MeshOptions {
  readonly mtls?: boolean;
  readonly mode?: 'STRICT' | 'PERMISSIVE';
  readonly localityAware?: boolean;
  readonly zoneEgress?: boolean;
  readonly passthrough?: boolean;
}

export function mesh(name: string, options: MeshOptions = {}): Mesh {
  return decoded(
    decodeMesh({
      type: 'Mesh',
      name,
      ...(options.mtls
        ? { mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin', mode: options.mode ?? 'STRICT' }] } }
        : {}),
      routing: { localityAwareLoadBalancing: options.localityAware ?? false, zoneEgress: options.zoneEgress ?? false },
      ...(options.passthrough === false ? { networking: { outbound: { passthrough: false } } } : {}),
    }),
  );
}

/** A Dataplane from its `networking` section (universal YAML shape). */
export function dataplane(meshName: string, name: string, networking: Record<string, unknown>): Dataplane {
  return decoded(decodeDataplane({ type: 'Dataplane', mesh: meshName, name, networking }));
}

export function zoneIngress(name: string, spec: Record<string, unknown>): ZoneIngress {
  return decoded(decodeZoneIngress({ type: 'ZoneIngress', name, ...spec }));
}

export function zoneEgress(name: string, spec: Record<string, unknown>): ZoneEgress {
  return decoded(decodeZoneEgress({ type: 'ZoneEgress', name, ...spec }));
}

/** An inbound with the zone tag the zone CP injects. */
export function inbound(port: number, tags: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { port, tags: { 'kuma.io/zone': 'zone-1', ...tags }, ...extra };
}

/** zone-1's Dataplanes in mesh `default`. */
export function zoneOneDataplanes(): Dataplane[] {
  return [
    dataplane('default', 'web-1', {
      address: '192.168.0.10',
      inbound: [inbound(8080, { 'kuma.io/service': 'web', 'kuma.io/protocol': 'http' }, { servicePort: 18080 })],
      outbound: [
        { port: 10001, tags: { 'kuma.io/service': 'backend' } },
        { port: 10002, tags: { 'kuma.io/service': 'redis' } },
      ],
    }),
    dataplane('default', 'backend-1', {
      address: '192.168.0.21',
      inbound: [inbound(8080, { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v1' })],
    }),
    dataplane('default', 'backend-2', {
      address: '192.168.0.22',
      advertisedAddress: '10.1.0.22',
      inbound: [inbound(8080, { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v2' })],
    }),
    dataplane('default', 'backend-3-unhealthy', {
      address: '192.168.0.23',
      inbound: [inbound(8080, { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v2' }, { health: { ready: false } })],
    }),
    dataplane('default', 'redis-1', {
      address: '192.168.0.31',
      inbound: [
        inbound(6379, { 'kuma.io/service': 'redis', 'kuma.io/protocol': 'tcp' }, { serviceAddress: '127.0.0.1', servicePort: 16379 }),
      ],
    }),
    dataplane('default', 'tp-client', {
      address: '192.168.0.40',
      inbound: [inbound(9090, { 'kuma.io/service': 'client', 'kuma.io/protocol': 'grpc' })],
      transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001, reachableServices: ['backend', 'payments'] },
    }),
    dataplane('default', 'edge-gw', {
      address: '192.168.0.50',
      gateway: { tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': 'zone-1' } },
      outbound: [{ port: 20001, tags: { 'kuma.io/service': 'web' } }],
    }),
  ];
}

/** Other zones' ingresses: zone-2 twice behind one load balancer (one not yet populated), zone-3, and one never advertised. */
export function remoteIngresses(): ZoneIngress[] {
  return [
    zoneIngress('zi-2', {
      zone: 'zone-2',
      networking: { address: '10.2.0.5', port: 10001, advertisedAddress: '10.2.0.1', advertisedPort: 10001 },
      availableServices: [
        {
          mesh: 'default',
          instances: 2,
          tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-2', 'kuma.io/protocol': 'http', version: 'v1' },
        },
        {
          mesh: 'default',
          instances: 1,
          tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-2', 'kuma.io/protocol': 'http', version: 'v3' },
        },
        { mesh: 'default', instances: 3, tags: { 'kuma.io/service': 'payments', 'kuma.io/zone': 'zone-2', 'kuma.io/protocol': 'tcp' } },
        { mesh: 'other', instances: 1, tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-2' } },
      ],
    }),
    zoneIngress('zi-2-new', {
      zone: 'zone-2',
      networking: { address: '10.2.0.6', port: 10001, advertisedAddress: '10.2.0.1', advertisedPort: 10001 },
    }),
    zoneIngress('zi-3', {
      zone: 'zone-3',
      networking: { address: '10.3.0.5', port: 10001, advertisedAddress: '10.3.0.1', advertisedPort: 10001 },
      availableServices: [
        {
          mesh: 'default',
          instances: 1,
          tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-3', 'kuma.io/protocol': 'http', version: 'v1' },
        },
      ],
    }),
    zoneIngress('zi-4-waiting', {
      zone: 'zone-4',
      networking: { address: '10.4.0.5', port: 10001 },
      availableServices: [{ mesh: 'default', instances: 5, tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-4' } }],
    }),
  ];
}

/**
 * The shared topology, seen from zone-1: mesh `default` with `options`, the Dataplanes above, a
 * local ZoneIngress advertising them, a local ZoneEgress, the remote ingresses, and VIPs.
 */
export function twoZoneView(options: MeshOptions = {}, overrides: Partial<MeshViewInput> = {}): MeshView {
  const meshes = [mesh('default', options)];
  const dataplanes = zoneOneDataplanes();
  return createMeshView({
    zone: 'zone-1',
    meshes,
    dataplanes,
    zoneIngresses: [
      zoneIngress('zi-1', {
        networking: { address: '192.168.0.100', port: 10001, advertisedAddress: '10.1.0.1', advertisedPort: 10001 },
        availableServices: computeAvailableServices({ dataplanes, meshes }),
      }),
    ],
    remoteZoneIngresses: remoteIngresses(),
    zoneEgresses: [zoneEgress('ze-1', { networking: { address: '192.168.0.200', port: 10002 } })],
    vips: { default: { backend: '240.0.0.1', redis: '240.0.0.2', payments: '240.0.0.3', web: '240.0.0.4' } },
    ...overrides,
  });
}

/** The Dataplane named `name` of a view (throws when absent). */
export function dataplaneNamed(view: MeshView, name: string): Dataplane {
  const found = view.dataplanes.find((dp) => dp.name === name);
  if (!found) throw new Error(`no dataplane ${name}`);
  return found;
}
