import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnapshot, meshSecretResources, TypeUrls } from '@kumiko/xds';
import { edsCluster, testSnapshot } from '@kumiko/xds/test-support';
import { snapshotWithSecrets } from './snapshot-with-secrets.js';

describe('snapshotWithSecrets', () => {
  const proxyless = testSnapshot({ clusters: [edsCluster('greeter')] });
  const secrets = meshSecretResources({ mesh: 'secure', certPem: 'cert', keyPem: 'key', caPem: 'ca' });

  it('given Secrets, then the snapshot holds them beside its own types, with the versions a snapshot of them alone would have', () => {
    const merged = snapshotWithSecrets(proxyless, secrets);
    assert.deepEqual([...(merged.resources.get(TypeUrls.Secret)?.keys() ?? [])], ['identity_cert:secret:secure', 'mesh_ca:secret:secure']);
    assert.equal(merged.versions.get(TypeUrls.Secret), buildSnapshot(secrets).versions.get(TypeUrls.Secret));
    assert.equal(merged.resources.get(TypeUrls.Cluster), proxyless.resources.get(TypeUrls.Cluster));
    assert.equal(merged.versions.get(TypeUrls.Cluster), proxyless.versions.get(TypeUrls.Cluster));
    assert.equal(proxyless.resources.has(TypeUrls.Secret), false, 'the input is not changed');
  });

  it('given no Secrets, then the very same snapshot', () => {
    assert.equal(snapshotWithSecrets(proxyless, []), proxyless);
  });
});
