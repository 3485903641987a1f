import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SniParseError, sniForService, sniFromTags, tagsFromSni } from './sni.js';

describe('sniFromTags / tagsFromSni', () => {
  // Kuma's cross-zone SNI: `<service>{mesh=<mesh>[,k=v…]}`, keys sorted.
  const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
    [{ 'kuma.io/service': 'backend', mesh: 'default' }, 'backend{mesh=default}'],
    [{ 'kuma.io/service': 'db', role: 'replica', mesh: 'mesh1' }, 'db{mesh=mesh1,role=replica}'],
    [{ region: 'eu', 'kuma.io/service': 'frontend', mesh: 'mesh2', cloud: 'gke' }, 'frontend{cloud=gke,mesh=mesh2,region=eu}'],
    [{ 'kuma.io/service': 'web' }, 'web'],
  ];
  for (const [tags, sni] of cases) {
    it(`given ${JSON.stringify(tags)} when turned into an SNI then it is ${sni}, and it reads back to the same tags`, () => {
      assert.equal(sniFromTags(tags), sni);
      assert.deepEqual(tagsFromSni(sni), tags);
    });
  }

  it('given a service and mesh when building a mesh-service SNI then mesh joins the sorted tags', () => {
    assert.equal(sniForService('db', 'mesh1', { role: 'replica' }), 'db{mesh=mesh1,role=replica}');
    assert.equal(sniForService('backend', 'default'), 'backend{mesh=default}');
  });

  const malformed = ['a{b=c}{d=e}', 'a{b}', 'a{b=c=d}'];
  for (const sni of malformed) {
    it(`given the malformed SNI ${sni} when read then it throws SniParseError`, () => {
      assert.throws(
        () => tagsFromSni(sni),
        (error: unknown) => error instanceof SniParseError && error.code === 'INVALID_SNI' && error.sni === sni,
      );
    });
  }
});
