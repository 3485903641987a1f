import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplane, type Dataplane } from '../resources/dataplane.js';
import { decodeMesh } from '../resources/mesh.js';
import { decodeZoneEgress } from '../resources/zone-egress.js';
import { decodeZoneIngress } from '../resources/zone-ingress.js';
import { withComputedLabels } from './computed-labels.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const ON_ZONE = { mode: 'zone', zone: 'zone-1', environment: 'universal' } as const;

function dataplane(labels: Record<string, string>, gateway?: 'BUILTIN' | 'DELEGATED'): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1',
      labels,
      networking: {
        address: '10.0.0.1',
        ...(gateway === undefined
          ? { inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] }
          : { gateway: { type: gateway, tags: { 'kuma.io/service': 'edge' } } }),
      },
    }),
  );
}

describe('labels Kuma computes on write', () => {
  it('given a Dataplane written on a zone, then mesh, origin, zone, env and proxy type are added to its own labels', () => {
    assert.deepEqual(withComputedLabels(dataplane({ team: 'a' }), ON_ZONE).labels, {
      team: 'a',
      'kuma.io/mesh': 'default',
      'kuma.io/origin': 'zone',
      'kuma.io/zone': 'zone-1',
      'kuma.io/env': 'universal',
      'kuma.io/proxy-type': 'sidecar',
    });
  });

  it('given a gateway, then only a builtin one is proxy type gateway', () => {
    assert.equal(withComputedLabels(dataplane({}, 'BUILTIN'), ON_ZONE).labels['kuma.io/proxy-type'], 'gateway');
    assert.equal(withComputedLabels(dataplane({}, 'DELEGATED'), ON_ZONE).labels['kuma.io/proxy-type'], 'sidecar');
  });

  it('given a resource whose labels are already computed, then it is returned as it was (no copy)', () => {
    const once = withComputedLabels(dataplane({}), ON_ZONE);
    assert.equal(withComputedLabels(once, ON_ZONE), once);
  });

  it('given labels the writer set, then they are kept, and an origin of global means no zone or env is added', () => {
    const labels = withComputedLabels(dataplane({ 'kuma.io/origin': 'global' }), ON_ZONE).labels;
    assert.equal(labels['kuma.io/origin'], 'global');
    assert.equal('kuma.io/zone' in labels, false);
    assert.equal('kuma.io/env' in labels, false);
  });

  it('given a gateway turned into a sidecar, then its proxy type follows the spec', () => {
    const wasGateway = withComputedLabels(dataplane({}, 'BUILTIN'), ON_ZONE);
    const now = { ...dataplane({}), labels: wasGateway.labels };
    assert.equal(withComputedLabels(now, ON_ZONE).labels['kuma.io/proxy-type'], 'sidecar');
  });

  it('given zone proxies, then they get their proxy types and no mesh label', () => {
    const ingress = must(decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1', networking: { port: 10001 } }));
    const egress = must(decodeZoneEgress({ type: 'ZoneEgress', name: 'ze-1', networking: { port: 10002 } }));
    assert.deepEqual(withComputedLabels(ingress, ON_ZONE).labels, {
      'kuma.io/origin': 'zone',
      'kuma.io/zone': 'zone-1',
      'kuma.io/env': 'universal',
      'kuma.io/proxy-type': 'zoneingress',
    });
    assert.equal(withComputedLabels(egress, ON_ZONE).labels['kuma.io/proxy-type'], 'zoneegress');
  });

  it('given a Mesh on the global, then nothing is computed: it is global-scoped and written by the global', () => {
    const mesh = must(decodeMesh({ type: 'Mesh', name: 'default' }));
    assert.equal(withComputedLabels(mesh, { mode: 'global' }), mesh);
  });

  it('given a Dataplane counted on the global, then only its mesh label is computed', () => {
    assert.deepEqual(withComputedLabels(dataplane({}), { mode: 'global' }).labels, {
      'kuma.io/mesh': 'default',
      'kuma.io/proxy-type': 'sidecar',
    });
  });
});
