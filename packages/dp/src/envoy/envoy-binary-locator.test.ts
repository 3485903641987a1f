import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EnvoyNotFoundError, locateEnvoyBinary } from './envoy-binary-locator.js';

describe('locateEnvoyBinary', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kumiko-dp-locator-'));
    await writeFile(join(dir, 'envoy'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(dir, 'not-executable'), '', { mode: 0o644 });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('given a bare name on PATH, when located, then the first PATH entry holding it wins', async () => {
    assert.equal(await locateEnvoyBinary('envoy', { PATH: `/nonexistent:${dir}` }), join(dir, 'envoy'));
  });

  it('given a relative path, when located, then it resolves against the working directory', async () => {
    assert.equal(await locateEnvoyBinary('./envoy', {}, dir), join(dir, 'envoy'));
  });

  const missing: [string, string, string][] = [
    ['a name not on PATH', 'envoy', 'Envoy binary not found: no executable "envoy" on PATH; install Envoy or pass --binary-path'],
    ['a file without the execute bit', 'not-executable-path', 'is not an executable file'],
    ['a directory', 'directory', 'is not an executable file'],
  ];
  for (const [name, kind, message] of missing) {
    it(`given ${name}, when located, then EnvoyNotFoundError`, async () => {
      const path = kind === 'envoy' ? 'envoy' : kind === 'directory' ? dir : join(dir, 'not-executable');
      await assert.rejects(
        locateEnvoyBinary(path, { PATH: '/nonexistent' }),
        (error: unknown) => error instanceof EnvoyNotFoundError && error.message.includes(message),
      );
    });
  }
});
