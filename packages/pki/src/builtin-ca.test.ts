import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEFAULT_CA_EXPIRATION_SECONDS, createBuiltinCa } from './builtin-ca.js';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('createBuiltinCa', () => {
  it('creates a self-signed CA for the mesh, as Kuma’s builtin backend does (read back with node:crypto)', async () => {
    // given / when
    const { certPem } = await createBuiltinCa({ mesh: 'default', now: NOW });
    const ca = new X509Certificate(certPem);

    // then
    assert.match(certPem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(ca.verify(ca.publicKey), true, 'signed by its own key');
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'O=Kuma\nOU=Mesh\nCN=default');
    assert.equal(ca.issuer, ca.subject);
    assert.equal(ca.subjectAltName, 'URI:spiffe://default');
    assert.equal(BigInt(`0x${ca.serialNumber}`), 0n);
    assert.equal(ca.keyUsage, undefined, 'no extended key usage');
    assert.equal(new Date(ca.validFrom).toISOString(), '2026-03-01T11:59:50.000Z');
    assert.equal(new Date(ca.validTo).getTime(), NOW.getTime() + DEFAULT_CA_EXPIRATION_SECONDS * 1000);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it('writes the key as PKCS#1 PEM that node:crypto reads and that matches the certificate', async () => {
    const { certPem, keyPem } = await createBuiltinCa({ mesh: 'default', now: NOW });
    assert.match(keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    const key = createPrivateKey(keyPem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    const ca = new X509Certificate(certPem);
    assert.equal(ca.checkPrivateKey(key), true);
    assert.deepEqual(createPublicKey(key).export({ type: 'spki', format: 'der' }), ca.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('uses the given key size, expiration and mesh', async () => {
    const { certPem } = await createBuiltinCa({ mesh: 'payments', rsaBits: 3072, expirationSeconds: 3600, now: NOW });
    const ca = new X509Certificate(certPem);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.modulusLength, 3072);
    assert.equal(new Date(ca.validTo).toISOString(), '2026-03-01T13:00:00.000Z');
    assert.equal(ca.subject, 'O=Kuma\nOU=Mesh\nCN=payments');
    assert.equal(ca.subjectAltName, 'URI:spiffe://payments');
  });

  it('marks basic constraints and key usage critical, with keyCertSign and cRLSign only (read in the DER bytes)', async () => {
    const { certPem } = await createBuiltinCa({ mesh: 'default', now: NOW });
    const der = new X509Certificate(certPem).raw;
    // keyUsage extension: OID 2.5.29.15, critical TRUE, BIT STRING 03 02 01 06 (keyCertSign | cRLSign)
    assert.notEqual(der.indexOf(Buffer.from('0603551d0f0101ff040403020106', 'hex')), -1);
    // basicConstraints: OID 2.5.29.19, critical TRUE, SEQUENCE { cA TRUE }
    assert.notEqual(der.indexOf(Buffer.from('0603551d130101ff040530030101ff', 'hex')), -1);
  });
});
