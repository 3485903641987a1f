import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kriOf, parseKri } from './kri.js';

describe('KRI (Kuma Resource Identifier)', () => {
  it('given a zone Dataplane, then its KRI is short name, mesh, zone label, namespace and name with an empty section', () => {
    assert.equal(
      kriOf('Dataplane', { mesh: 'default', name: 'dp-1', labels: { 'kuma.io/zone': 'zone-1' } }),
      'kri_dp_default_zone-1__dp-1_',
    );
  });

  it('given a resource KDS renamed, then the KRI keeps its display name, so it is the same on the zone and the global', () => {
    const labels = { 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' };
    assert.equal(kriOf('Dataplane', { mesh: 'default', name: 'dp-1-dff6z597w47d46xx', labels }), 'kri_dp_default_zone-1__dp-1_');
  });

  it('given a global-scoped type, then the mesh part is empty; a type without a short name has no KRI', () => {
    assert.equal(kriOf('Mesh', { name: 'default', labels: {} }), 'kri_m____default_');
    assert.equal(kriOf('ZoneIngress', { name: 'zi-1', labels: { 'kuma.io/zone': 'zone-2' } }), 'kri_zi__zone-2__zi-1_');
    assert.equal(kriOf('DataplaneInsight', { mesh: 'default', name: 'dp-1', labels: {} }), undefined);
    assert.equal(kriOf('NoSuchType', { name: 'x', labels: {} }), undefined);
  });

  it('given a KRI, then it parses back into its parts', () => {
    assert.deepEqual(parseKri('kri_dp_default_zone-1__dp-1_'), {
      ok: true,
      kri: { type: 'Dataplane', mesh: 'default', zone: 'zone-1', namespace: '', name: 'dp-1', sectionName: '' },
    });
    assert.deepEqual(parseKri('kri_dp_default_zone-1_ns_dp-1_http'), {
      ok: true,
      kri: { type: 'Dataplane', mesh: 'default', zone: 'zone-1', namespace: 'ns', name: 'dp-1', sectionName: 'http' },
    });
  });

  it('given text that is no KRI, then Kuma’s parser messages', () => {
    assert.deepEqual(parseKri('kri_dp_default'), { ok: false, error: 'invalid identifier string: "kri_dp_default"' });
    assert.deepEqual(parseKri('kru_dp_default_zone-1__dp-1_'), {
      ok: false,
      error: `identifier must start with 'kri': "kru_dp_default_zone-1__dp-1_"`,
    });
    assert.deepEqual(parseKri('kri_zz_default_zone-1__dp-1_'), { ok: false, error: 'unknown short name of resource type: "zz"' });
  });
});
