import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlDocuments } from '../decoding/yaml-documents.js';
import { type Mesh, decodeMesh, isMeshMtlsEnabled } from './mesh.js';

function decodeYaml(text: string): Mesh {
  const result = decodeMesh(parseYamlDocuments(text)[0]?.value);
  if (!result.ok) assert.fail(JSON.stringify(result.issues));
  return result.value;
}

describe('decodeMesh', () => {
  it("given Kuma's Mesh example when decoded then every section is typed", () => {
    const mesh = decodeYaml(`
type: Mesh
name: default
mtls:
  enabledBackend: ca-1
  backends:
  - name: ca-1
    type: builtin
    dpCert: {rotation: {expiration: 1d}, requestTimeout: 5s}
    rootChain: {requestTimeout: 10s}
    mode: PERMISSIVE
    conf: {caCert: {RSAbits: 2048}}
routing: {localityAwareLoadBalancing: true, zoneEgress: true}
networking: {outbound: {passthrough: false}}
meshServices: {mode: Exclusive}
constraints: {dataplaneProxy: {requirements: [{tags: {kuma.io/zone: east}}], restrictions: [{tags: {env: dev}}]}}
skipCreatingInitialPolicies: ["*"]
tracing: {defaultBackend: zipkin, backends: [{name: zipkin, type: zipkin, sampling: 12.5, conf: {url: "http://z"}}]}
logging: {backends: [{name: file, type: file, format: "%START_TIME%", conf: {path: /tmp/log}}]}
metrics: {enabledBackend: prom, backends: [{name: prom, type: prometheus}]}
`);
    assert.equal('mesh' in mesh, false, 'Mesh is global-scoped: no mesh field');
    assert.deepEqual(mesh.mtls, {
      enabledBackend: 'ca-1',
      backends: [
        {
          name: 'ca-1',
          type: 'builtin',
          dpCert: { rotation: { expiration: '1d' }, requestTimeout: { seconds: 5, nanos: 0 } },
          conf: { caCert: { RSAbits: 2048 } },
          mode: 'PERMISSIVE',
          rootChain: { requestTimeout: { seconds: 10, nanos: 0 } },
        },
      ],
      skipValidation: false,
    });
    assert.deepEqual(mesh.routing, {
      localityAwareLoadBalancing: true,
      zoneEgress: true,
      defaultForbidMeshExternalServiceAccess: false,
    });
    assert.deepEqual(mesh.networking, { outbound: { passthrough: false } });
    assert.deepEqual(mesh.meshServices, { mode: 'Exclusive' });
    assert.deepEqual(mesh.constraints?.dataplaneProxy?.restrictions, [{ tags: { env: 'dev' } }]);
    assert.deepEqual(mesh.skipCreatingInitialPolicies, ['*']);
    assert.equal(mesh.tracing?.backends[0]?.sampling, 12.5);
    assert.equal(mesh.logging?.defaultBackend, '');
    assert.deepEqual(mesh.metrics?.backends, [{ name: 'prom', type: 'prometheus' }]);
    assert.equal(isMeshMtlsEnabled(mesh), true);
  });

  it('given a bare mesh when decoded then sections are undefined and mTLS is off', () => {
    const mesh = decodeYaml('type: Mesh\nname: default\n');
    assert.deepEqual(mesh, { type: 'Mesh', name: 'default', labels: {}, skipCreatingInitialPolicies: [] });
    assert.equal(isMeshMtlsEnabled(mesh), false);
  });

  it('given meshServices present but empty when decoded then the mode is the proto default Disabled', () => {
    assert.deepEqual(decodeYaml('type: Mesh\nname: m\nmeshServices: {}\n').meshServices, { mode: 'Disabled' });
  });
});
