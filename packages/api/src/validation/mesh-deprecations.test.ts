import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMesh } from '../resources/mesh.js';
import { resourceDeprecations } from './resource-deprecations.js';
import { meshDeprecations } from './mesh-deprecations.js';

const REGEX_ERROR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end " +
  "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function mesh(name: string, labels: Record<string, string> = {}) {
  const decoded = decodeMesh({ type: 'Mesh', name, labels });
  assert.ok(decoded.ok);
  return decoded.value;
}

describe('meshDeprecations (Kuma’s warnings on PUT /meshes/{name})', () => {
  it('given a name that is not a DNS-1035 label then one warning naming it, with apimachinery’s errors', () => {
    assert.deepEqual(meshDeprecations(mesh('aa.a')), [
      `Invalid name: 'aa.a'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${REGEX_ERROR}`,
    ]);
  });

  it('given a DNS-1035 name then none, and the display-name label, when set, is what is checked', () => {
    assert.deepEqual(meshDeprecations(mesh('default')), []);
    assert.deepEqual(meshDeprecations(mesh('aa.a', { 'kuma.io/display-name': 'ok-name' })), []);
    assert.equal(meshDeprecations(mesh('ok', { 'kuma.io/display-name': 'Bad' })).length, 1);
  });

  it('given the registry then Meshes have these warnings and types without any have none', () => {
    assert.deepEqual(resourceDeprecations(mesh('aa.a')), meshDeprecations(mesh('aa.a')));
    assert.deepEqual(
      resourceDeprecations({ type: 'Zone', name: 'Z.1', labels: {}, enabled: true } as unknown as Parameters<
        typeof resourceDeprecations
      >[0]),
      [],
    );
  });
});
