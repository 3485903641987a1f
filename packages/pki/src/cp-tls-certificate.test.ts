import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCpTlsCertificate } from './cp-tls-certificate.js';

test('without files, a certificate is generated into the work dir (0600) and reused on the next start', async () => {
  const workDir = join(await mkdtemp(join(tmpdir(), 'cp-tls-')), 'kuma');
  const first = await loadCpTlsCertificate({ certFile: '', keyFile: '', workDir });
  const cert = new X509Certificate(first.certPem);
  assert.equal(cert.ca, true);
  assert.ok(cert.subjectAltName?.includes(`DNS:${hostname()}`));
  assert.ok(cert.subjectAltName?.includes('DNS:localhost'));
  assert.ok(cert.subjectAltName?.includes('IP Address:127.0.0.1'));
  assert.equal((await stat(join(workDir, 'kuma-cp.key'))).mode & 0o777, 0o600);
  assert.equal((await stat(workDir)).mode & 0o777, 0o700);
  const second = await loadCpTlsCertificate({ certFile: '', keyFile: '', workDir });
  assert.equal(second.certPem, first.certPem);
});

test('with both files, they are served; with only one, the start is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cp-tls-'));
  await writeFile(join(dir, 'c.pem'), 'CERT');
  await writeFile(join(dir, 'k.pem'), 'KEY');
  assert.deepEqual(await loadCpTlsCertificate({ certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem'), workDir: dir }), {
    certPem: 'CERT',
    keyPem: 'KEY',
  });
  await assert.rejects(loadCpTlsCertificate({ certFile: join(dir, 'c.pem'), keyFile: '', workDir: dir }), /must be set together/);
  assert.equal(await readFile(join(dir, 'c.pem'), 'utf8'), 'CERT');
});
