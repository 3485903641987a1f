import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createBuiltinCa, type BuiltinCa } from './builtin-ca.js';
import { loadCa } from './certificate-authority.js';
import { type IdentityCertificate, issueIdentityCertificate } from './identity-certificate.js';
import { validateProvidedCa } from './provided-ca-validator.js';

const NOT_CA = { message: "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)" };
const NO_CERT_SIGN = { message: "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)" };
const KEY_AGREEMENT = { message: "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)" };

describe('validateProvidedCa', () => {
  let ca: BuiltinCa;
  let otherCa: BuiltinCa;
  let leaf: IdentityCertificate;
  before(async () => {
    [ca, otherCa] = await Promise.all([createBuiltinCa({ mesh: 'default' }), createBuiltinCa({ mesh: 'other' })]);
    leaf = await issueIdentityCertificate({
      ca: await loadCa(ca.certPem, ca.keyPem),
      mesh: 'default',
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'web' }],
    });
  });

  it('accepts a CA certificate with its key', () => {
    assert.deepEqual(validateProvidedCa(ca.certPem, ca.keyPem), []);
  });

  it('reports every X509-SVID rule a leaf certificate breaks, at its index', () => {
    assert.deepEqual(validateProvidedCa(leaf.certPem, leaf.keyPem), [
      { field: 'cert[0]', ...NOT_CA },
      { field: 'cert[0]', ...NO_CERT_SIGN },
      { field: 'cert[0]', ...KEY_AGREEMENT },
    ]);
  });

  it('checks every certificate of a chain, the key matching the first', () => {
    assert.deepEqual(validateProvidedCa(leaf.certPem + ca.certPem, leaf.keyPem), [
      { field: 'cert[0]', ...NOT_CA },
      { field: 'cert[0]', ...NO_CERT_SIGN },
      { field: 'cert[0]', ...KEY_AGREEMENT },
    ]);
    assert.deepEqual(validateProvidedCa(ca.certPem + leaf.certPem, ca.keyPem), [
      { field: 'cert[1]', ...NOT_CA },
      { field: 'cert[1]', ...NO_CERT_SIGN },
      { field: 'cert[1]', ...KEY_AGREEMENT },
    ]);
  });

  const broken: readonly { readonly name: string; readonly cert: () => string; readonly key: () => string; readonly reason: string }[] = [
    {
      name: 'a key of another certificate',
      cert: () => ca.certPem,
      key: () => otherCa.keyPem,
      reason: 'tls: private key does not match public key',
    },
    { name: 'no certificate', cert: () => '', key: () => ca.keyPem, reason: 'tls: failed to find any PEM data in certificate input' },
    { name: 'no key', cert: () => ca.certPem, key: () => 'not a key', reason: 'tls: failed to find any PEM data in key input' },
    {
      name: 'swapped inputs',
      cert: () => ca.keyPem,
      key: () => ca.certPem,
      reason:
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
    },
    {
      name: 'a certificate as the key',
      cert: () => ca.certPem,
      key: () => otherCa.certPem,
      reason: 'tls: found a certificate rather than a key in the PEM for the private key',
    },
    {
      name: 'a key that does not parse',
      cert: () => ca.certPem,
      key: () => '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n',
      reason: 'tls: failed to parse private key',
    },
  ];
  for (const c of broken) {
    it(`reports ${c.name} as not a valid TLS key pair, and nothing else`, () => {
      assert.deepEqual(validateProvidedCa(c.cert(), c.key()), [{ field: 'cert', message: `not a valid TLS key pair: ${c.reason}` }]);
    });
  }
});
