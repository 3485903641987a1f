import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceTlsFacts } from '@kumiko/api';
import { edsClusterGenerator } from './eds-cluster-generator.js';
import { generateProxylessResources } from './grpc-proxyless-generator.js';
import { upstreamTlsReady } from './mesh-tls.js';
import type { MeshView } from './mesh-view.js';
import { proxyInputHash } from './proxy-input-hash.js';
import { proxylessDownstreamMeshTls } from './proxyless-mesh-tls.js';
import { SharedResourceCache, createGeneratorContext } from './shared-resource-cache.js';
import { dataplaneProxy } from './xds-proxy.js';
import { type MeshOptions, dataplaneNamed, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { clusterNamed, upstreamTlsOf } from '../../test-support/resource-inspection.js';

const facts = (total: number, issued: Record<string, number>): ServiceTlsFacts => ({
  dataplanes: { total, online: total, offline: 0 },
  issuedBackends: issued,
});

/** zone-1's view with `options`, where backend has 3 Dataplanes of which `issued` hold a `ca-1` certificate. */
function view(options: MeshOptions, issued: number): MeshView {
  return twoZoneView(options, { serviceInsights: { default: { backend: facts(3, { 'ca-1': issued }), redis: facts(1, {}) } } });
}

function backendClusterTls(meshView: MeshView) {
  const resources = edsClusterGenerator(createGeneratorContext(meshView), dataplaneProxy(dataplaneNamed(meshView, 'web-1')));
  return upstreamTlsOf(clusterNamed(resources, 'backend'));
}

function proxylessCluster(meshView: MeshView, service: string) {
  const resources = generateProxylessResources(createGeneratorContext(meshView), 'default', [service], { meshIdentity: true });
  return clusterNamed(resources, service);
}

describe('the client side of mesh mTLS modes (Kuma: PERMISSIVE waits for TLS readiness)', () => {
  const cases: { name: string; options: MeshOptions; issued: number; expected: boolean }[] = [
    { name: 'mTLS off', options: {}, issued: 3, expected: false },
    { name: 'STRICT, no certificate issued yet', options: { mtls: true }, issued: 0, expected: true },
    { name: 'PERMISSIVE, 2 of 3 Dataplanes hold a certificate', options: { mtls: true, mode: 'PERMISSIVE' }, issued: 2, expected: false },
    { name: 'PERMISSIVE, every Dataplane holds a certificate', options: { mtls: true, mode: 'PERMISSIVE' }, issued: 3, expected: true },
  ];
  for (const { name, options, issued, expected } of cases) {
    it(`given ${name}, then a sidecar's and a proxyless client's clusters ${expected ? 'carry' : 'do not carry'} mTLS`, () => {
      const meshView = view(options, issued);
      assert.equal(upstreamTlsReady(meshView, 'default', 'backend'), expected);
      assert.equal(backendClusterTls(meshView) !== undefined, expected);
      assert.equal(proxylessCluster(meshView, 'backend').transport_socket !== undefined, expected);
    });
  }

  it('given PERMISSIVE and a certificate of another backend, then the service is not ready', () => {
    const meshView = twoZoneView(
      { mtls: true, mode: 'PERMISSIVE' },
      { serviceInsights: { default: { backend: facts(1, { 'ca-0': 1 }) } } },
    );
    assert.equal(upstreamTlsReady(meshView, 'default', 'backend'), false);
  });

  it('given PERMISSIVE and a service with no Dataplane in this zone, then it is sent mTLS (only other zones’ ingresses reach it)', () => {
    const meshView = view({ mtls: true, mode: 'PERMISSIVE' }, 0);
    assert.equal(upstreamTlsReady(meshView, 'default', 'payments'), true);
    assert.equal(proxylessCluster(meshView, 'payments').transport_socket !== undefined, true);
  });

  it('given a service becoming TLS ready in PERMISSIVE, then the consumer’s input hash changes and its cluster turns to mTLS', () => {
    const cache = new SharedResourceCache();
    const before = view({ mtls: true, mode: 'PERMISSIVE' }, 2);
    const after = view({ mtls: true, mode: 'PERMISSIVE' }, 3);
    const web = dataplaneProxy(dataplaneNamed(before, 'web-1'));
    const hashBefore = proxyInputHash(cache.contextFor(before), web);
    const hashAfter = proxyInputHash(cache.contextFor(after), web);
    assert.notEqual(hashAfter, hashBefore);
    assert.equal(upstreamTlsOf(clusterNamed(edsClusterGenerator(cache.contextFor(after), web), 'backend'))?.sni, 'backend{mesh=default}');
  });

  it('given STRICT, then the readiness counts are not part of the input hash', () => {
    const cache = new SharedResourceCache();
    const web = dataplaneProxy(dataplaneNamed(view({ mtls: true }, 2), 'web-1'));
    assert.equal(
      proxyInputHash(cache.contextFor(view({ mtls: true }, 2)), web),
      proxyInputHash(cache.contextFor(view({ mtls: true }, 3)), web),
    );
  });
});

describe('the server side of mesh mTLS modes for a proxyless XdsServer (gRFC A36)', () => {
  const listenerTls = (options: MeshOptions) => {
    const meshView = view(options, 3);
    const [listener] = generateProxylessResources(createGeneratorContext(meshView), 'default', ['192.168.0.21:8080'], {
      meshIdentity: true,
    });
    return (listener?.message as { filter_chains?: { transport_socket?: unknown; filter_chain_match?: unknown }[] }).filter_chains;
  };

  it('given STRICT, then its one filter chain requires a mesh client certificate', () => {
    assert.deepEqual(listenerTls({ mtls: true })?.[0]?.transport_socket, proxylessDownstreamMeshTls());
  });

  it('given PERMISSIVE, then it stays plaintext on one unmatched chain (gRPC cannot match transport_protocol)', () => {
    const chains = listenerTls({ mtls: true, mode: 'PERMISSIVE' });
    assert.equal(chains?.length, 1);
    assert.equal(chains?.[0]?.transport_socket, undefined);
    assert.equal(chains?.[0]?.filter_chain_match, undefined);
  });

  it('given mTLS off, then it is plaintext', () => {
    assert.equal(listenerTls({})?.[0]?.transport_socket, undefined);
  });
});
