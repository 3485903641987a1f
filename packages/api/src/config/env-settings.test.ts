import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSettings, loadSettings, SettingSchemas, SettingsError } from './env-settings.js';

const settings = {
  port: { env: 'KUMA_API_SERVER_HTTP_PORT', default: '5681', schema: SettingSchemas.port, description: 'API port' },
  password: {
    env: 'KUMA_STORE_POSTGRES_PASSWORD',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'password',
    secret: true,
  },
  timeout: { env: 'KUMA_METRICS_ZONE_IDLE_TIMEOUT', default: '30s', schema: SettingSchemas.durationMs, description: 'idle timeout' },
} as const;

describe('environment settings', () => {
  it('given no variables, then every default applies', () => {
    assert.deepEqual(loadSettings(settings, {}), { port: 5681, password: undefined, timeout: 30_000 });
  });

  it('given variables, then they override defaults, and an empty one counts as unset', () => {
    const values = loadSettings(settings, {
      KUMA_API_SERVER_HTTP_PORT: '15681',
      KUMA_STORE_POSTGRES_PASSWORD: 's3cret',
      KUMA_METRICS_ZONE_IDLE_TIMEOUT: '',
    });
    assert.deepEqual(values, { port: 15681, password: 's3cret', timeout: 30_000 });
    assert.deepEqual(describeSettings(settings, values), {
      KUMA_API_SERVER_HTTP_PORT: 15681,
      KUMA_STORE_POSTGRES_PASSWORD: '***',
      KUMA_METRICS_ZONE_IDLE_TIMEOUT: 30_000,
    });
  });

  it('given several bad variables, then one error names each of them', () => {
    assert.throws(
      () => loadSettings(settings, { KUMA_API_SERVER_HTTP_PORT: '99999', KUMA_METRICS_ZONE_IDLE_TIMEOUT: 'soon' }),
      (error: unknown) =>
        error instanceof SettingsError &&
        error.problems.length === 2 &&
        /KUMA_API_SERVER_HTTP_PORT="99999"/.test(error.message) &&
        /KUMA_METRICS_ZONE_IDLE_TIMEOUT="soon"/.test(error.message),
    );
  });
});
