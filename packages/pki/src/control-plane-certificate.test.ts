import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { createControlPlaneCertificate } from './control-plane-certificate.js';

test('the control plane certificate is a self-signed CA for serverAuth with the given SANs, 10 years from 5 minutes ago', async () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const { certPem, keyPem } = await createControlPlaneCertificate({
    dnsNames: ['cp-host', 'localhost'],
    ips: ['127.0.0.1', '10.0.0.2'],
    now,
  });
  const cert = new X509Certificate(certPem);
  assert.equal(cert.ca, true);
  assert.ok(!cert.subject);
  assert.ok(cert.verify(cert.publicKey));
  assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(new Date(cert.validFrom).toISOString(), '2025-12-31T23:55:00.000Z');
  assert.equal(new Date(cert.validTo).toISOString(), '2035-12-30T00:00:00.000Z');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(cert.subjectAltName, 'DNS:cp-host, DNS:localhost, IP Address:10.0.0.2, IP Address:127.0.0.1');
  assert.match(keyPem, /^-----BEGIN RSA PRIVATE KEY-----/);
  assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(keyPem)));
});
