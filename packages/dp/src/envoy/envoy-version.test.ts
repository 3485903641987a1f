import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { StandInEnvoy } from '../test-support/stand-in-envoy.js';
import { EnvoyUnusableError, parseEnvoyVersion, readEnvoyVersion } from './envoy-version.js';

describe('parseEnvoyVersion', () => {
  it('given Envoy release output, when parsed, then the version is the second part and the build is the whole string', () => {
    assert.deepEqual(parseEnvoyVersion('\r\nenvoy  version: 50ef0945fa2c5da4bff7627c3abf41fdd3b7cffd/1.34.1/Clean/RELEASE/BoringSSL\r\n'), {
      version: '1.34.1',
      build: '50ef0945fa2c5da4bff7627c3abf41fdd3b7cffd/1.34.1/Clean/RELEASE/BoringSSL',
    });
  });

  it('given output that is not an Envoy build string, when parsed, then undefined', () => {
    assert.equal(parseEnvoyVersion('Python 3.11.2'), undefined);
    assert.equal(parseEnvoyVersion('version: 1.34.1'), undefined);
  });
});

describe('readEnvoyVersion', () => {
  const created: StandInEnvoy[] = [];
  after(() => Promise.all(created.map((s) => s.remove())));

  it('given an executable that prints an Envoy version, when read, then its version', async () => {
    const envoy = await StandInEnvoy.create();
    created.push(envoy);
    assert.equal((await readEnvoyVersion(envoy.path)).version, '1.34.1');
  });

  it('given an executable that prints something else, when read, then EnvoyUnusableError quoting it', async () => {
    const envoy = await StandInEnvoy.create({ versionOutput: 'hello\n' });
    created.push(envoy);
    await assert.rejects(
      readEnvoyVersion(envoy.path),
      (error: unknown) => error instanceof EnvoyUnusableError && /unexpected --version output "hello"/.test(error.message),
    );
  });
});
