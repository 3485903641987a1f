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

  it('given services arriving one by one (a long-running CP) or all at once (a restart), then the same table', () => {
    const incremental = ['web', 'backend', 'db'].reduce<Record<string, string>>(
      (previous, service) => allocateVips('default', [...Object.keys(previous), service], previous, range).vips,
      {},
    );
    assert.deepEqual(incremental, allocateVips('default', ['db', 'backend', 'web'], {}, range).vips);
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
    assert.equal(result.vips[result.unallocated[0] ?? ''], undefined);
  });

  it('given a full range, when a service is removed, then its address goes to the waiting service and the others keep theirs', () => {
    const tiny = parseVipCidr('10.0.0.0/30');
    const full = allocateVips('default', ['a', 'b', 'c'], {}, tiny);
    const [waiting] = full.unallocated;
    const leaving = ['a', 'b', 'c'].find((s) => s !== waiting && full.vips[s] !== undefined) ?? '';
    const staying = ['a', 'b', 'c'].find((s) => s !== waiting && s !== leaving) ?? '';
    const next = allocateVips('default', [staying, waiting ?? ''], full.vips, tiny);
    assert.deepEqual(next.unallocated, []);
    assert.equal(next.vips[staying], full.vips[staying]);
    assert.equal(next.vips[waiting ?? ''], full.vips[leaving]);
  });

  it('given a previous address outside the range, then the service gets a new one from the range', () => {
    const result = allocateVips('default', ['web'], { web: '10.0.0.5' }, range);
    assert.match(result.vips['web'] ?? '', /^(24\d|25[0-5])\./);
  });

  it('given a CIDR with host bits set, then the range is its network’s host addresses', () => {
    assert.deepEqual(parseVipCidr('10.1.2.3/24'), { first: (10 * 256 + 1) * 256 * 256 + 2 * 256 + 1, size: 254 });
  });

  it('given the same service in two meshes, then each mesh has its own table', () => {
    assert.ok(allocateVips('a', ['web'], {}, range).vips['web']);
    assert.ok(allocateVips('b', ['web'], {}, range).vips['web']);
  });

  for (const bad of ['240.0.0.0', '::1/64', '300.0.0.0/8', '10.0.0.0/31']) {
    it(`given the CIDR ${bad}, then VipCidrError`, () =>
      assert.throws(
        () => parseVipCidr(bad),
        (error: unknown) => error instanceof VipCidrError && error.code === 'INVALID_VIP_CIDR' && error.cidr === bad,
      ));
  }
});
