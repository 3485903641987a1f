import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomically } from './atomic-file-writer.js';
import { identityFilePaths, removePrivateKey, writeIdentityFiles } from './identity-files.js';

describe('identity files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kumiko-identity-files-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given an identity, when written twice, then the files hold the latest one, the key is 0600 and no temporary file is left', async () => {
    const paths = identityFilePaths(dir);
    await writeIdentityFiles(paths, { certPem: 'cert-1', keyPem: 'key-1', caPem: 'ca-1' });
    await writeIdentityFiles(paths, { certPem: 'cert-2', keyPem: 'key-1', caPem: 'ca-2' });
    assert.deepEqual(
      await Promise.all([paths.certificateFile, paths.privateKeyFile, paths.caCertificateFile].map((path) => readFile(path, 'utf8'))),
      ['cert-2', 'key-1', 'ca-2'],
    );
    assert.equal((await stat(paths.privateKeyFile)).mode & 0o777, 0o600);
    assert.equal((await stat(paths.certificateFile)).mode & 0o077, 0o044 & ~process.umask());
    assert.deepEqual((await readdir(dir)).sort(), ['identity-cert.pem', 'identity-key.pem', 'mesh-ca.pem']);
  });

  it('given a key written over a world-readable file, when written, then the key is still 0600 (a new file is renamed over it)', async () => {
    const path = join(dir, 'loose.pem');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeFileAtomically(path, 'secret', 0o600);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(await readFile(path, 'utf8'), 'secret');
  });

  it('given a directory that does not exist, when written, then the error propagates and nothing is left behind', async () => {
    await assert.rejects(writeFileAtomically(join(dir, 'missing', 'file.pem'), 'x', 0o600), { code: 'ENOENT' });
  });

  it('given the agent stops, when the key is removed, then the certificates stay', async () => {
    const paths = identityFilePaths(dir);
    await removePrivateKey(paths);
    await removePrivateKey(paths); // idempotent
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('identity') || name.startsWith('mesh')).sort(), [
      'identity-cert.pem',
      'mesh-ca.pem',
    ]);
  });
});
