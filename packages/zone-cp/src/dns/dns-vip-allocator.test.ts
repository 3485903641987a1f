import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateVips, parseVipCidr, VipCidrError } from './dns-vip-allocator.js';

const range = parseVipCidr('240.0.0.0/4');

describe('allocateVips', () => {
  it('given the same services in any order, then the same table (stable across replicas and restarts)', () => {
    const a = allocateVips('default', ['web', 'backend', 'db'], {}, range);
    const b = allocateVips('default', ['db', 'web', 'backend'], {}, range);
    assert.deepEqual(a, b);
    for (const ip of Object.values(a.vips)) assert.match(ip, /^(24\d|25[0-5])\./);
  });

  it('given services added and removed, then existing assignments are kept and removed ones released', () => {
    const first = allocateVips('default', ['web', 'backend'], {}, range).vips;
    const second = allocateVips('default', ['web', 'cache'], first, range).vips;
    assert.equal(second['web'], first['web']);
    assert.equal(second['backend'], undefined);
    assert.ok(second['cache']);
  });

  it('given a tiny range, then collisions probe to a free address and extra services are reported unallocated', () => {
    const tiny = parseVipCidr('10.0.0.0/30'); // two host addresses
    const result = allocateVips('default', ['a', 'b', 'c'], {}, tiny);
    assert.deepEqual(new Set(Object.values(result.vips)), new Set(['10.0.0.1', '10.0.0.2']));
    assert.equal(result.unallocated.length, 1);
  });

  it('given the same service in two meshes, then each mesh has its own table', () => {
    assert.ok(allocateVips('a', ['web'], {}, range).vips['web']);
    assert.ok(allocateVips('b', ['web'], {}, range).vips['web']);
  });

  for (const bad of ['240.0.0.0', '::1/64', '300.0.0.0/8', '10.0.0.0/31']) {
    it(`given the CIDR ${bad}, then VipCidrError`, () => assert.throws(() => parseVipCidr(bad), VipCidrError));
  }
});
