import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceCluster, serviceLoadAssignment } from './eds-cluster-generator.js';
import { SharedResourceCache } from './shared-resource-cache.js';
import { dataplane, inbound, twoZoneView } from '../../test-support/mesh-view-fixtures.js';

describe('SharedResourceCache', () => {
  it('builds a shared resource once per view, whichever proxy asks first', () => {
    const cache = new SharedResourceCache();
    const view = twoZoneView({ mtls: true });
    const first = serviceLoadAssignment(cache.contextFor(view), 'default', 'backend');
    const second = serviceLoadAssignment(cache.contextFor(view), 'default', 'backend');
    assert.equal(second, first);
    assert.equal(cache.sharedBuilds, 1);
  });

  it('carries a resource into the next view when its inputs did not change, and rebuilds it when they did', () => {
    // given a view, and a next view where only redis gained an endpoint
    const cache = new SharedResourceCache();
    const before = twoZoneView({ mtls: true });
    const redis2 = dataplane('default', 'redis-2', {
      address: '192.168.0.32',
      inbound: [inbound(6379, { 'kuma.io/service': 'redis', 'kuma.io/protocol': 'tcp' })],
    });
    const after = { ...before, dataplanes: [...before.dataplanes, redis2] };
    const backendBefore = serviceLoadAssignment(cache.contextFor(before), 'default', 'backend');
    const redisBefore = serviceLoadAssignment(cache.contextFor(before), 'default', 'redis');
    const clusterBefore = serviceCluster(cache.contextFor(before), 'default', 'redis');

    // when the next view is served
    const backendAfter = serviceLoadAssignment(cache.contextFor(after), 'default', 'backend');
    const redisAfter = serviceLoadAssignment(cache.contextFor(after), 'default', 'redis');
    const clusterAfter = serviceCluster(cache.contextFor(after), 'default', 'redis');

    // then backend's load assignment and redis' cluster are the same objects; redis' assignment is new
    assert.equal(backendAfter, backendBefore);
    assert.equal(clusterAfter, clusterBefore);
    assert.notEqual(redisAfter, redisBefore);
    assert.equal(cache.sharedBuilds, 4);
  });

  it('recomputes derived values for a new view', () => {
    const cache = new SharedResourceCache();
    const a = twoZoneView();
    const b = twoZoneView();
    let computed = 0;
    const compute = () => ++computed;
    assert.equal(cache.contextFor(a).memo('test:x', compute), 1);
    assert.equal(cache.contextFor(a).memo('test:x', compute), 1);
    assert.equal(cache.contextFor(b).memo('test:x', compute), 2);
  });

  it('carries a derived value into the next view only while its inputs are the same objects', () => {
    const cache = new SharedResourceCache();
    const input = { endpoint: 1 };
    let computed = 0;
    const compute = () => ++computed;
    assert.equal(cache.contextFor(twoZoneView()).carried('test:y', [input], compute), 1);
    assert.equal(cache.contextFor(twoZoneView()).carried('test:y', [input], compute), 1);
    assert.equal(cache.contextFor(twoZoneView()).carried('test:y', [{ endpoint: 1 }], compute), 2);
  });
});
