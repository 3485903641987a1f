import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createBuiltinCa } from './builtin-ca.js';
import { type CertificateAuthority, loadCa } from './certificate-authority.js';
import { DataplaneCertError } from './dataplane-cert-error.js';
import { issueIdentityCertificate } from './identity-certificate.js';
import { generateIdentityKey, IdentityKeyTypes, importIdentityKey } from './identity-key.js';
import { type TagSet } from './identity-sans.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const TAG_SETS: readonly TagSet[] = [{ 'kuma.io/service': 'web', version: 'v1' }, { 'kuma.io/service': 'web-api' }];

describe('issueIdentityCertificate', () => {
  let ca: CertificateAuthority;
  let caCert: X509Certificate;
  before(async () => {
    const builtin = await createBuiltinCa({ mesh: 'default', now: NOW });
    ca = await loadCa(builtin.certPem, builtin.keyPem);
    caCert = new X509Certificate(builtin.certPem);
  });

  it('issues a leaf the CA signed, with the proxy’s URI SANs and an empty subject (read back with node:crypto)', async () => {
    // when
    const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, now: NOW });
    const leaf = new X509Certificate(issued.certPem);

    // then
    assert.equal(leaf.checkIssued(caCert), true);
    assert.equal(leaf.verify(caCert.publicKey), true);
    assert.equal(leaf.ca, false);
    assert.equal(leaf.subject, undefined);
    assert.equal(leaf.issuer, 'O=Kuma\nOU=Mesh\nCN=default');
    assert.equal(
      leaf.subjectAltName,
      'URI:spiffe://default/web, URI:spiffe://default/web-api, URI:kuma://kuma.io/service/web, ' +
        'URI:kuma://kuma.io/service/web-api, URI:kuma://version/v1',
    );
    assert.deepEqual(issued.sans, [
      'spiffe://default/web',
      'spiffe://default/web-api',
      'kuma://kuma.io/service/web',
      'kuma://kuma.io/service/web-api',
      'kuma://version/v1',
    ]);
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.equal(new Date(leaf.validFrom).toISOString(), '2026-03-01T11:59:50.000Z');
    assert.equal(new Date(leaf.validTo).toISOString(), '2026-03-02T12:00:00.000Z');
    assert.equal(issued.notBefore.toISOString(), '2026-03-01T11:59:50.000Z');
    assert.equal(issued.notAfter.toISOString(), '2026-03-02T12:00:00.000Z');
    const serial = BigInt(`0x${leaf.serialNumber}`);
    assert.ok(serial >= 1n && serial < 2n ** 128n, `serial ${leaf.serialNumber} in [1, 2^128 − 1]`);
  });

  it('serves a PKCS#1 RSA-2048 key matching the certificate', async () => {
    const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS });
    assert.match(issued.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(issued.keyPem);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(new X509Certificate(issued.certPem).checkPrivateKey(key), true);
  });

  it('marks the SANs critical (empty subject), key usage digitalSignature + keyEncipherment + keyAgreement, CA:FALSE critical, and names the CA’s key id', async () => {
    const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS });
    const der = new X509Certificate(issued.certPem).raw;
    const has = (hex: string): boolean => der.indexOf(Buffer.from(hex, 'hex')) !== -1;
    assert.ok(has('0603551d110101ff'), 'subjectAltName critical');
    assert.ok(has('0603551d0f0101ff04040302' + '03a8'), 'keyUsage critical: digitalSignature, keyEncipherment, keyAgreement');
    assert.ok(has('0603551d130101ff04023000'), 'basicConstraints critical, CA:FALSE');
    assert.ok(ca.subjectKeyId !== undefined && caCert.raw.indexOf(Buffer.from(ca.subjectKeyId, 'hex')) !== -1);
    assert.ok(has('0603551d23' + '041830168014' + ca.subjectKeyId), 'authorityKeyIdentifier = the CA’s subject key id');
  });

  it('leaves the SAN extension out rather than empty when the proxy has no tags', async () => {
    const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: [] });
    const leaf = new X509Certificate(issued.certPem);
    assert.deepEqual(issued.sans, []);
    assert.equal(leaf.subjectAltName, undefined);
    assert.equal(leaf.raw.indexOf(Buffer.from('0603551d11', 'hex')), -1);
  });

  it('re-signs a given key without generating one, with a fresh serial', async () => {
    const key = await generateIdentityKey();
    const first = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, key });
    const second = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, key: first.key });
    assert.equal(second.keyPem, key.keyPem);
    const [a, b] = [new X509Certificate(first.certPem), new X509Certificate(second.certPem)];
    assert.deepEqual(a.publicKey.export({ type: 'spki', format: 'der' }), b.publicKey.export({ type: 'spki', format: 'der' }));
    assert.notEqual(a.serialNumber, b.serialNumber);
    assert.equal(b.checkPrivateKey(createPrivateKey(key.keyPem)), true);
  });

  it('re-signs a key restored from its stored PEM', async () => {
    const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS });
    const restored = importIdentityKey(issued.keyPem);
    assert.equal(restored.keyPem, issued.keyPem);
    const again = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, key: restored });
    assert.equal(new X509Certificate(again.certPem).checkPrivateKey(createPrivateKey(issued.keyPem)), true);
  });

  it('given key type ecdsa-p256, then it serves a SEC 1 P-256 key matching a leaf the CA signed, key usage without keyEncipherment', async () => {
    // when
    const issued = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      keyType: IdentityKeyTypes.EcdsaP256,
    });

    // then
    assert.match(issued.keyPem, /^-----BEGIN EC PRIVATE KEY-----\n/);
    const key = createPrivateKey(issued.keyPem);
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const leaf = new X509Certificate(issued.certPem);
    assert.equal(leaf.checkPrivateKey(key), true);
    assert.equal(leaf.checkIssued(caCert), true);
    assert.equal(leaf.verify(caCert.publicKey), true);
    assert.deepEqual(issued.sans, [
      'spiffe://default/web',
      'spiffe://default/web-api',
      'kuma://kuma.io/service/web',
      'kuma://kuma.io/service/web-api',
      'kuma://version/v1',
    ]);
    assert.ok(
      leaf.raw.indexOf(Buffer.from('0603551d0f0101ff0404030203' + '88', 'hex')) !== -1,
      'keyUsage critical: digitalSignature, keyAgreement',
    );
  });

  it('given a P-256 leaf, then a new CA re-signs it for the same key, and its stored PEM restores the key', async () => {
    // given
    const first = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      keyType: IdentityKeyTypes.EcdsaP256,
    });
    const next = await createBuiltinCa({ mesh: 'default' });
    const nextCa = await loadCa(next.certPem, next.keyPem);

    // when
    const again = await issueIdentityCertificate({ ca: nextCa, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, previous: first });
    const restored = importIdentityKey(first.keyPem);

    // then
    const leaf = new X509Certificate(again.certPem);
    assert.equal(leaf.verify(new X509Certificate(next.certPem).publicKey), true);
    assert.equal(leaf.checkPrivateKey(createPrivateKey(first.keyPem)), true);
    assert.equal(again.keyPem, first.keyPem);
    assert.deepEqual(restored, first.key);
  });

  const invalid = [
    {
      name: 'a service with a character outside SPIFFE path segments',
      mesh: 'default',
      service: 'web:8080',
      reason: 'path segment characters are limited to letters, numbers, dots, dashes, and underscores',
      services: 'web:8080',
    },
    { name: 'a service that is a dot segment', mesh: 'default', service: '..', reason: 'path cannot contain dot segments', services: '..' },
    {
      name: 'a mesh that is not a SPIFFE trust domain',
      mesh: 'Default',
      service: 'web',
      reason: 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores',
      services: 'web',
    },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with Kuma's message and go-spiffe's reason`, async () => {
      await assert.rejects(
        issueIdentityCertificate({ ca, mesh: c.mesh, backend: 'ca-1', tagSets: [{ 'kuma.io/service': c.service }] }),
        (error: unknown) => {
          assert.ok(error instanceof DataplaneCertError);
          assert.equal(error.code, 'DATAPLANE_CERT');
          assert.equal(error.message, `could not generate dataplane cert for mesh: "${c.mesh}" backend: "ca-1" services: "${c.services}"`);
          assert.ok(error.cause instanceof Error);
          assert.equal(error.cause.message, c.reason);
          return true;
        },
      );
    });
  }

  it('names every service, comma-joined and sorted, when one of them is invalid', async () => {
    await assert.rejects(
      issueIdentityCertificate({
        ca,
        mesh: 'default',
        backend: 'ca-1',
        tagSets: [{ 'kuma.io/service': 'web' }, { 'kuma.io/service': 'a b' }],
      }),
      { name: 'DataplaneCertError', message: 'could not generate dataplane cert for mesh: "default" backend: "ca-1" services: "a b,web"' },
    );
  });
});
