import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataplane } from '@kumiko/api';
import type { MeshView } from './mesh-view.js';
import { proxyInputHash } from './proxy-input-hash.js';
import { ProxySnapshotGenerator } from './proxy-snapshot-generator.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { dataplane, dataplaneNamed, inbound, mesh, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { type XdsProxy, dataplaneProxy, zoneEgressProxy, zoneIngressProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

/** The view with one more healthy `service` endpoint. */
function withEndpoint(view: MeshView, service: string, address: string): MeshView {
  const extra: Dataplane = dataplane('default', `${service}-extra`, { address, inbound: [inbound(7000, { 'kuma.io/service': service })] });
  return { ...view, dataplanes: [...view.dataplanes, extra] };
}

function hash(view: MeshView, proxy: (view: MeshView) => XdsProxy): string {
  return proxyInputHash(createGeneratorContext(view), proxy(view));
}

const web = (view: MeshView) => dataplaneProxy(dataplaneNamed(view, 'web-1'));
const tpClient = (view: MeshView) => dataplaneProxy(dataplaneNamed(view, 'tp-client'));
const ingress = (view: MeshView) => {
  const zi = view.zoneIngresses[0];
  assert.ok(zi);
  return zoneIngressProxy(zi);
};
const egress = (view: MeshView) => {
  const ze = view.zoneEgresses[0];
  assert.ok(ze);
  return zoneEgressProxy(ze);
};

describe('proxyInputHash', () => {
  it('is the same for equal inputs', () => {
    assert.equal(hash(twoZoneView({ mtls: true }), web), hash(twoZoneView({ mtls: true }), web));
  });

  it('changes for a proxy with an outbound to the service whose endpoints changed, and only for it', () => {
    // given a new endpoint of redis: web-1 has an outbound to redis, tp-client (reachable: backend, payments) has none
    const before = twoZoneView({ mtls: true });
    const after = withEndpoint(before, 'redis', '192.168.0.99');

    // then
    assert.notEqual(hash(after, web), hash(before, web));
    assert.equal(hash(after, tpClient), hash(before, tpClient));
  });

  it("changes for a transparent proxy when a reachable service's endpoints change", () => {
    const before = twoZoneView({ mtls: true });
    assert.notEqual(hash(withEndpoint(before, 'payments', '192.168.0.98'), tpClient), hash(before, tpClient));
  });

  it('ignores mesh settings generators do not read, and follows those they do', () => {
    const before = twoZoneView({ mtls: true });
    const base = before.meshes.get('default');
    assert.ok(base);
    const logging = { ...base, logging: { defaultBackend: 'file', backends: [] } };
    assert.equal(hash({ ...before, meshes: new Map([['default', logging]]) }, web), hash(before, web));
    assert.notEqual(hash({ ...before, meshes: new Map([['default', mesh('default')]]) }, web), hash(before, web));
  });

  it('follows local endpoints for a ZoneIngress and remote ingresses for a ZoneEgress', () => {
    const before = twoZoneView({ mtls: true, zoneEgress: true });
    const after = withEndpoint(before, 'backend', '192.168.0.97');
    assert.notEqual(hash(after, ingress), hash(before, ingress));
    assert.equal(hash(after, egress), hash(before, egress));
    const remoteGone = { ...before, remoteZoneIngresses: before.remoteZoneIngresses.slice(1) };
    assert.notEqual(hash(remoteGone, egress), hash(before, egress));
  });
});

describe('ProxySnapshotGenerator', () => {
  it('regenerates only the proxies whose inputs changed, and returns the same snapshot otherwise', () => {
    // given snapshots for web-1 and tp-client
    const generator = new ProxySnapshotGenerator();
    const before = twoZoneView({ mtls: true });
    const webBefore = generator.generate(before, web(before));
    const tpBefore = generator.generate(before, tpClient(before));
    assert.equal(webBefore.regenerated, true);

    // when redis gains an endpoint
    const after = withEndpoint(before, 'redis', '192.168.0.99');
    const webAfter = generator.generate(after, web(after));
    const tpAfter = generator.generate(after, tpClient(after));

    // then only web-1 is regenerated, and only its endpoints' version moved
    assert.equal(webAfter.regenerated, true);
    assert.notEqual(
      webAfter.snapshot.versions.get(TypeUrls.ClusterLoadAssignment),
      webBefore.snapshot.versions.get(TypeUrls.ClusterLoadAssignment),
    );
    assert.equal(webAfter.snapshot.versions.get(TypeUrls.Listener), webBefore.snapshot.versions.get(TypeUrls.Listener));
    assert.equal(tpAfter.regenerated, false);
    assert.equal(tpAfter.snapshot, tpBefore.snapshot);
  });

  it('regenerates a forgotten proxy', () => {
    const generator = new ProxySnapshotGenerator();
    const view = twoZoneView();
    generator.generate(view, web(view));
    generator.forget(web(view).id);
    assert.equal(generator.generate(view, web(view)).regenerated, true);
  });
});
