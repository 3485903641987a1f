import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createBuiltinCa } from './builtin-ca.js';
import { type CertificateAuthority, loadCa } from './certificate-authority.js';
import { issueIdentityCertificate } from './identity-certificate.js';
import { type TagSet } from './identity-sans.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const LATER = new Date('2026-03-02T08:00:00Z');
const TAG_SETS: readonly TagSet[] = [{ 'kuma.io/service': 'web', version: 'v1' }];

/** The extensions of a certificate (OID, critical), in order, read with the ASN.1 schema. */
function extensionsOf(pem: string): [string, boolean][] {
  const der = new X509Certificate(pem).raw;
  return (AsnConvert.parse(der, Certificate).tbsCertificate.extensions ?? []).map((e) => [e.extnID, e.critical]);
}

describe('re-issuing an identity certificate by re-signing it', () => {
  let ca: CertificateAuthority;
  let caCert: X509Certificate;
  before(async () => {
    const builtin = await createBuiltinCa({ mesh: 'default', now: NOW });
    ca = await loadCa(builtin.certPem, builtin.keyPem);
    caCert = new X509Certificate(builtin.certPem);
  });

  it('given the same CA and SANs, then a new serial and validity, the same key, SANs and extensions, signed by the CA', async () => {
    const first = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, now: NOW });
    const renewed = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      now: LATER,
      previous: first,
    });
    const [a, b] = [new X509Certificate(first.certPem), new X509Certificate(renewed.certPem)];
    assert.ok(b.verify(caCert.publicKey) && b.checkIssued(caCert));
    assert.notEqual(b.serialNumber, a.serialNumber);
    assert.equal(b.subjectAltName, a.subjectAltName);
    assert.equal(
      b.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'),
      a.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'),
    );
    assert.ok(b.checkPrivateKey(createPrivateKey(renewed.keyPem)));
    assert.deepEqual(extensionsOf(renewed.certPem), extensionsOf(first.certPem));
    assert.equal(new Date(b.validFrom).toISOString(), '2026-03-02T07:59:50.000Z');
    assert.equal(new Date(b.validTo).toISOString(), '2026-03-03T08:00:00.000Z');
    assert.equal(renewed.notAfter.toISOString(), '2026-03-03T08:00:00.000Z');
    assert.equal(renewed.key, first.key);
  });

  it('given a new CA, then the re-signed certificate names and chains to it, with its key identifier', async () => {
    const first = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, now: NOW });
    const next = await createBuiltinCa({ mesh: 'default', now: LATER });
    const nextCa = await loadCa(next.certPem, next.keyPem);
    const moved = await issueIdentityCertificate({
      ca: nextCa,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      now: LATER,
      previous: first,
    });
    const leaf = new X509Certificate(moved.certPem);
    const nextCert = new X509Certificate(next.certPem);
    assert.ok(leaf.checkIssued(nextCert) && leaf.verify(nextCert.publicKey));
    assert.equal(leaf.verify(caCert.publicKey), false, 'no longer the old CA’s');
    assert.deepEqual(extensionsOf(moved.certPem), extensionsOf(first.certPem));
  });

  it('given other SANs, then the certificate is built anew (still for the same key)', async () => {
    const first = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, now: NOW });
    const other = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'api' }],
      now: LATER,
      previous: first,
    });
    assert.equal(new X509Certificate(other.certPem).subjectAltName, 'URI:spiffe://default/api, URI:kuma://kuma.io/service/api');
    assert.equal(other.keyPem, first.keyPem);
  });

  it('given a model certificate of another key with the same SANs, then a new key gets one made from it: same extensions, its own key', async () => {
    const model = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      now: NOW,
      keyType: 'ecdsa-p256',
    });
    const made = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: TAG_SETS,
      now: LATER,
      keyType: 'ecdsa-p256',
      model,
    });
    const [a, b] = [new X509Certificate(model.certPem), new X509Certificate(made.certPem)];
    assert.ok(b.verify(caCert.publicKey) && b.checkIssued(caCert));
    assert.notEqual(made.keyPem, model.keyPem);
    assert.ok(b.checkPrivateKey(createPrivateKey(made.keyPem)), 'certifies its own key');
    assert.equal(b.checkPrivateKey(createPrivateKey(model.keyPem)), false);
    assert.equal(b.subjectAltName, a.subjectAltName);
    assert.deepEqual(made.sans, model.sans);
    assert.deepEqual(extensionsOf(made.certPem), extensionsOf(model.certPem));
    assert.notEqual(b.serialNumber, a.serialNumber);
    assert.equal(new Date(b.validTo).toISOString(), '2026-03-03T08:00:00.000Z');
  });

  it('given a model of another key type or other SANs, then the certificate is built anew', async () => {
    const model = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, keyType: 'ecdsa-p256' });
    const rsa = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets: TAG_SETS, keyType: 'rsa-2048', model });
    assert.deepEqual(extensionsOf(rsa.certPem), extensionsOf(model.certPem));
    assert.equal(new X509Certificate(rsa.certPem).publicKey.asymmetricKeyType, 'rsa');
    assert.ok(
      new X509Certificate(rsa.certPem).raw.indexOf(Buffer.from('0603551d0f0101ff04040302' + '03a8', 'hex')) !== -1,
      'RSA key usage',
    );
    const api = await issueIdentityCertificate({
      ca,
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'api' }],
      keyType: 'ecdsa-p256',
      model,
    });
    assert.equal(new X509Certificate(api.certPem).subjectAltName, 'URI:spiffe://default/api, URI:kuma://kuma.io/service/api');
  });
});
