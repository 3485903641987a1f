import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DataplaneInbound } from '@kumiko/api';
import { dataplane, inbound, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { GeneratorError } from './generator-error.js';
import { inboundListenerGenerator } from './inbound-listener-generator.js';
import { DEFAULT_GENERATORS, generateProxyResources } from './proxy-resources-generator.js';
import type { ResourceGenerator } from './resource-generator.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { dataplaneProxy, zoneIngressProxy } from './xds-proxy.js';

/** A Dataplane whose second inbound throws when a generator reads its `serviceAddress`. */
function dataplaneWithCorruptInbound() {
  const dp = dataplane('default', 'multi-1', {
    address: '192.168.0.60',
    inbound: [inbound(8080, { 'kuma.io/service': 'web' }), inbound(9090, { 'kuma.io/service': 'admin' }, { address: '192.168.0.61' })],
  });
  const inbounds = dp.networking?.inbound ?? [];
  assert.equal(inbounds.length, 2);
  const corrupt = Object.defineProperty({ ...inbounds[1] }, 'serviceAddress', {
    get(): never {
      throw new TypeError('corrupt inbound');
    },
  }) as DataplaneInbound;
  return { ...dp, networking: { ...dp.networking, inbound: [inbounds[0], corrupt] } } as typeof dp;
}

function thrown(run: () => unknown): GeneratorError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GeneratorError, `expected a GeneratorError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected generation to throw');
}

describe('generateProxyResources', () => {
  it('names the generator, the Dataplane and the inbound when per-inbound work fails', () => {
    // given a Dataplane whose second inbound cannot be read
    const view = twoZoneView();
    const proxy = dataplaneProxy(dataplaneWithCorruptInbound());

    // when its resources are generated with the default generators
    const error = thrown(() => generateProxyResources(createGeneratorContext(view), proxy, DEFAULT_GENERATORS));

    // then the error says which generator, which Dataplane and which inbound, and keeps the cause
    assert.equal(error.name, 'GeneratorError');
    assert.equal(error.code, 'GENERATOR_FAILED');
    assert.equal(error.generator, inboundListenerGenerator.name);
    assert.equal(error.generator, 'inboundListenerGenerator');
    assert.equal(error.proxyType, 'Dataplane');
    assert.equal(error.mesh, 'default');
    assert.equal(error.proxyName, 'multi-1');
    assert.equal(error.proxyId, 'default.multi-1');
    assert.deepEqual(error.inbound, { index: 1, address: '192.168.0.61', port: 9090 });
    assert.ok(error.cause instanceof TypeError);
    assert.equal(error.cause.message, 'corrupt inbound');
    assert.equal(
      error.message,
      'generator inboundListenerGenerator failed for Dataplane default/multi-1, inbound[1] 192.168.0.61:9090: corrupt inbound',
    );
  });

  it('names a failing generator and a zone proxy, with no mesh and no inbound', () => {
    // given a generator that fails for every proxy
    const cause = new RangeError('no port left');
    const failingClusterGenerator: ResourceGenerator = () => {
      throw cause;
    };
    const view = twoZoneView();
    const ingress = view.zoneIngresses[0];
    assert.ok(ingress);

    // when a ZoneIngress's resources are generated with it
    const error = thrown(() => generateProxyResources(createGeneratorContext(view), zoneIngressProxy(ingress), [failingClusterGenerator]));

    // then the error names that generator and the ZoneIngress, and its cause is the original error
    assert.equal(error.generator, 'failingClusterGenerator');
    assert.equal(error.proxyType, 'ZoneIngress');
    assert.equal(error.mesh, undefined);
    assert.equal(error.proxyName, ingress.name);
    assert.equal(error.inbound, undefined);
    assert.equal(error.cause, cause);
    assert.equal(error.message, `generator failingClusterGenerator failed for ZoneIngress ${ingress.name}: no port left`);
  });

  it('generates the same Dataplane without its corrupt inbound normally', () => {
    // given the same Dataplane with only its readable inbound
    const dp = dataplaneWithCorruptInbound();
    const healthy = { ...dp, networking: { ...dp.networking, inbound: (dp.networking?.inbound ?? []).slice(0, 1) } } as typeof dp;

    // when its resources are generated, then nothing throws and its inbound listener is there
    const resources = generateProxyResources(createGeneratorContext(twoZoneView()), dataplaneProxy(healthy));
    assert.ok(resources.some((r) => r.name === 'inbound:192.168.0.60:8080'));
  });
});
