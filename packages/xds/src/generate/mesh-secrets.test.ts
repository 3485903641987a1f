import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneNamed, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import { messageToJson } from '../snapshot/generated-resource.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';
import { meshSecretResources } from './mesh-secrets.js';
import { ProxySnapshotGenerator } from './proxy-snapshot-generator.js';
import { dataplaneProxy } from './xds-proxy.js';

const material = { mesh: 'default', certPem: 'CERT PEM', keyPem: 'KEY PEM', caPem: 'CA PEM' };

describe('mesh SDS Secrets', () => {
  it('given an identity, then the two Secrets Kuma names: the certificate with its key, and the CA to validate peers', () => {
    const [identity, ca] = meshSecretResources(material);
    assert.equal(identity?.name, 'identity_cert:secret:default');
    assert.equal(ca?.name, 'mesh_ca:secret:default');
    const decoded = Secret.decode(Secret.encode(identity?.message as Secret).finish());
    assert.equal(decoded.type?.$case, 'tls_certificate');
    if (decoded.type?.$case === 'tls_certificate') {
      const chain = decoded.type.tls_certificate.certificate_chain?.specifier;
      assert.equal(chain?.$case === 'inline_bytes' ? chain.inline_bytes.toString() : '', 'CERT PEM');
    }
    const trust = ca?.message as Secret;
    assert.equal(trust.type?.$case, 'validation_context');
  });

  it('given a Secret in a dump, then its private key shows as [redacted], its certificate as is', () => {
    const [identity] = meshSecretResources(material);
    assert.ok(identity);
    const dumped = JSON.stringify(messageToJson(identity));
    assert.equal(dumped.includes(Buffer.from('KEY PEM').toString('base64')), false);
    assert.ok(dumped.includes(Buffer.from('[redacted]').toString('base64')));
    assert.ok(dumped.includes(Buffer.from('CERT PEM').toString('base64')));
  });

  it('given a proxy of an mTLS mesh, then its snapshot carries the Secrets, and a new certificate regenerates it', () => {
    const view = twoZoneView({ mtls: true });
    const proxy = dataplaneProxy(dataplaneNamed(view, 'web-1'));
    const generator = new ProxySnapshotGenerator();
    const first = generator.generate(view, proxy, meshSecretResources(material));
    assert.deepEqual(
      [...(first.snapshot.resources.get(TypeUrls.Secret)?.keys() ?? [])],
      ['identity_cert:secret:default', 'mesh_ca:secret:default'],
    );
    assert.equal(generator.generate(view, proxy, meshSecretResources(material)).regenerated, false, 'same certificate, same snapshot');
    const rotated = generator.generate(view, proxy, meshSecretResources({ ...material, certPem: 'NEW CERT PEM' }));
    assert.equal(rotated.regenerated, true);
    assert.notEqual(rotated.snapshot.versions.get(TypeUrls.Secret), first.snapshot.versions.get(TypeUrls.Secret));
  });

  it('given only new Secrets on the same view, then they are swapped in: the snapshot equals a fresh generation and the rest is kept', () => {
    const view = twoZoneView({ mtls: true });
    const proxy = dataplaneProxy(dataplaneNamed(view, 'web-1'));
    const generator = new ProxySnapshotGenerator();
    const first = generator.generate(view, proxy, meshSecretResources(material));
    const newSecrets = meshSecretResources({ ...material, certPem: 'NEW CERT PEM', caPem: 'NEW CA PEM' });
    const swapped = generator.generate(view, proxy, newSecrets);
    const fresh = new ProxySnapshotGenerator().generate(view, proxy, newSecrets);
    assert.equal(swapped.regenerated, true);
    assert.equal(swapped.inputHash, fresh.inputHash);
    assert.deepEqual(swapped.snapshot, fresh.snapshot);
    assert.equal(swapped.snapshot.resources.get(TypeUrls.Cluster), first.snapshot.resources.get(TypeUrls.Cluster), 'not regenerated');
    const again = generator.generate(view, proxy, newSecrets);
    assert.equal(again.regenerated, false);
    assert.equal(again.snapshot, swapped.snapshot);
    const back = generator.generate(twoZoneView({ mtls: true }), proxy, meshSecretResources(material));
    assert.deepEqual(back.snapshot, first.snapshot, 'a new view with the first Secrets generates the first snapshot again');
  });
});
