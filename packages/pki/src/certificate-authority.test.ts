import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { createBuiltinCa } from './builtin-ca.js';
import { loadCa } from './certificate-authority.js';
import { issueIdentityCertificate } from './identity-certificate.js';
import { InvalidCaError } from './invalid-ca-error.js';
import { subtle, x509 } from './x509-library.js';

/** A provided CA on an ECDSA key, its key as PKCS#8 PEM (test-only; built with the same library). */
async function ecdsaCa(namedCurve: 'P-256' | 'P-384'): Promise<{ certPem: string; keyPem: string }> {
  const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=provided',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: namedCurve === 'P-256' ? 'SHA-256' : 'SHA-384' },
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey));
  return {
    certPem: cert.toString('pem'),
    keyPem: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

describe('loadCa', () => {
  it('keeps the whole cert PEM as the chain and signs with the first certificate', async () => {
    const root = await createBuiltinCa({ mesh: 'default' });
    const extra = await createBuiltinCa({ mesh: 'default' });
    const ca = await loadCa(root.certPem + extra.certPem, root.keyPem);
    assert.equal(ca.chainPem, root.certPem + extra.certPem);
    const leaf = new X509Certificate(
      (await issueIdentityCertificate({ ca, mesh: 'default', backend: 'b', tagSets: [{ 'kuma.io/service': 'web' }] })).certPem,
    );
    assert.equal(leaf.verify(new X509Certificate(root.certPem).publicKey), true);
    assert.equal(leaf.verify(new X509Certificate(extra.certPem).publicKey), false);
  });

  for (const curve of ['P-256', 'P-384'] as const) {
    it(`signs identity certificates with a provided ECDSA ${curve} CA`, async () => {
      const provided = await ecdsaCa(curve);
      const ca = await loadCa(provided.certPem, provided.keyPem);
      assert.equal(ca.subjectKeyId, undefined);
      const issued = await issueIdentityCertificate({
        ca,
        mesh: 'default',
        backend: 'provided-1',
        tagSets: [{ 'kuma.io/service': 'web' }],
      });
      const [root, leaf] = [new X509Certificate(provided.certPem), new X509Certificate(issued.certPem)];
      assert.equal(leaf.checkIssued(root), true);
      assert.equal(leaf.verify(root.publicKey), true);
      assert.equal(leaf.issuer, 'CN=provided');
    });
  }

  it('refuses a cert and key that do not match, with Go’s reason', async () => {
    const [a, b] = await Promise.all([createBuiltinCa({ mesh: 'a' }), createBuiltinCa({ mesh: 'b' })]);
    await assert.rejects(loadCa(a.certPem, b.keyPem), (error: unknown) => {
      assert.ok(error instanceof InvalidCaError);
      assert.equal(error.code, 'INVALID_CA');
      assert.equal(error.message, 'not a valid TLS key pair: tls: private key does not match public key');
      return true;
    });
  });
});
