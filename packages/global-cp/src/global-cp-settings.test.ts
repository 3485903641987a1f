import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSettings, loadSettings, SettingsError } from '@kumiko/api';
import { globalCpSettings, postgresConnectionString, type GlobalCpConfig } from './global-cp-settings.js';

const load = (env: Record<string, string | undefined>): GlobalCpConfig => loadSettings(globalCpSettings, env);

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (error) {
    assert.ok(error instanceof SettingsError);
    return error.problems;
  }
  assert.fail('expected a SettingsError');
}

describe('global CP settings', () => {
  it('given an empty environment, then every setting has its documented default', () => {
    const config = load({});
    assert.deepEqual(
      {
        apiPort: config.apiPort,
        apiInterface: config.apiInterface,
        storeType: config.storeType,
        postgresHost: config.postgresHost,
        postgresPort: config.postgresPort,
        postgresUser: config.postgresUser,
        postgresPassword: config.postgresPassword,
        postgresDbName: config.postgresDbName,
        postgresMaxConnections: config.postgresMaxConnections,
        zoneIdleTimeoutMs: config.zoneIdleTimeoutMs,
        zonesMaxMsgsPerSubject: config.zonesMaxMsgsPerSubject,
        projectorMaxBatch: config.projectorMaxBatch,
        skipDefaultMeshCreation: config.skipDefaultMeshCreation,
        insightResyncIntervalMs: config.insightResyncIntervalMs,
        dnsDomain: config.dnsDomain,
        dnsServiceVipPort: config.dnsServiceVipPort,
        logLevel: config.logLevel,
      },
      {
        apiPort: 5681,
        apiInterface: '127.0.0.1',
        storeType: 'postgres',
        postgresHost: '127.0.0.1',
        postgresPort: 5432,
        postgresUser: 'kuma',
        postgresPassword: undefined,
        postgresDbName: 'kuma',
        postgresMaxConnections: 20,
        zoneIdleTimeoutMs: 30_000,
        zonesMaxMsgsPerSubject: 5,
        projectorMaxBatch: 500,
        skipDefaultMeshCreation: false,
        insightResyncIntervalMs: 1_000,
        dnsDomain: 'mesh',
        dnsServiceVipPort: 80,
        logLevel: 'info',
      },
    );
    assert.equal(config.natsUrl, 'nats://127.0.0.1:4222');
  });

  const overrides: Array<[string, Record<string, string>, Partial<GlobalCpConfig>]> = [
    ['Kuma’s API port variable', { KUMA_API_SERVER_HTTP_PORT: '15681' }, { apiPort: 15681 }],
    ['a Go duration with minutes for the zone idle timeout', { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '1m30s' }, { zoneIdleTimeoutMs: 90_000 }],
    ['a sub-second resync interval', { KUMA_METRICS_MESH_MIN_RESYNC_INTERVAL: '250ms' }, { insightResyncIntervalMs: 250 }],
    ['skipping the default mesh', { KUMA_DEFAULTS_SKIP_MESH_CREATION: 'true' }, { skipDefaultMeshCreation: true }],
    ['an empty variable (treated as unset)', { KUMA_API_SERVER_HTTP_PORT: '' }, { apiPort: 5681 }],
    ['a Postgres password', { KUMA_STORE_POSTGRES_PASSWORD: 's3cret' }, { postgresPassword: 's3cret' }],
  ];
  for (const [name, env, expected] of overrides) {
    it(`given ${name}, then the config reads it`, () => {
      const config = load(env);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(config[key as keyof GlobalCpConfig], value, key);
    });
  }

  const invalid: Array<[string, Record<string, string>, RegExp]> = [
    ['a store type other than postgres', { KUMA_STORE_TYPE: 'memory' }, /^KUMA_STORE_TYPE="memory": /],
    ['a port out of range', { KUMA_API_SERVER_HTTP_PORT: '70000' }, /^KUMA_API_SERVER_HTTP_PORT="70000": /],
    [
      'a duration without a unit',
      { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '30' },
      /^KUMA_METRICS_ZONE_IDLE_TIMEOUT="30": expected a non-negative Go duration/,
    ],
    ['a negative duration', { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '-5s' }, /^KUMA_METRICS_ZONE_IDLE_TIMEOUT="-5s": /],
    ['a batch size of zero', { KUMA_EVENTS_PROJECTOR_MAX_BATCH: '0' }, /^KUMA_EVENTS_PROJECTOR_MAX_BATCH="0": /],
    ['a boolean spelled yes', { KUMA_DEFAULTS_SKIP_MESH_CREATION: 'yes' }, /^KUMA_DEFAULTS_SKIP_MESH_CREATION="yes": /],
    ['an unknown log level', { KUMA_LOG_LEVEL: 'verbose' }, /^KUMA_LOG_LEVEL="verbose": /],
  ];
  for (const [name, env, problem] of invalid) {
    it(`given ${name}, then loading fails naming the variable and its value`, () => {
      const problems = problemsOf(env);
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', problem);
    });
  }

  it('given several bad variables, then every one is reported at once', () => {
    const problems = problemsOf({ KUMA_STORE_TYPE: 'memory', KUMA_API_SERVER_HTTP_PORT: 'http', KUMA_LOG_LEVEL: 'loud' });
    assert.deepEqual(problems.map((p) => p.split('=')[0]).sort(), ['KUMA_API_SERVER_HTTP_PORT', 'KUMA_LOG_LEVEL', 'KUMA_STORE_TYPE']);
  });

  it('given the configuration for the start-up log, then the Postgres and NATS passwords are masked', () => {
    const config = load({ KUMA_STORE_POSTGRES_PASSWORD: 's3cret', KUMA_EVENTS_NATS_PASSWORD: 'n4ts' });
    const described = describeSettings(globalCpSettings, config);
    assert.equal(described.KUMA_STORE_POSTGRES_PASSWORD, '***');
    assert.equal(described.KUMA_EVENTS_NATS_PASSWORD, '***');
    assert.equal(JSON.stringify(described).includes('s3cret'), false);
    assert.equal(described.KUMA_STORE_POSTGRES_USER, 'kuma');
  });
});

describe('Postgres connection string', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['the defaults', {}, 'postgres://kuma@127.0.0.1:5432/kuma'],
    ['a password', { KUMA_STORE_POSTGRES_PASSWORD: 'pw' }, 'postgres://kuma:pw@127.0.0.1:5432/kuma'],
    [
      'a user, password and database with URL-reserved characters',
      { KUMA_STORE_POSTGRES_USER: 'ad@min', KUMA_STORE_POSTGRES_PASSWORD: 'p:w/d?#', KUMA_STORE_POSTGRES_DB_NAME: 'my db' },
      'postgres://ad%40min:p%3Aw%2Fd%3F%23@127.0.0.1:5432/my%20db',
    ],
    [
      'another host and port',
      { KUMA_STORE_POSTGRES_HOST: 'db.internal', KUMA_STORE_POSTGRES_PORT: '6543' },
      'postgres://kuma@db.internal:6543/kuma',
    ],
    ['an IPv6 host, which a URL brackets', { KUMA_STORE_POSTGRES_HOST: '::1' }, 'postgres://kuma@[::1]:5432/kuma'],
    ['an IPv6 host given in brackets', { KUMA_STORE_POSTGRES_HOST: '[fd00::5]' }, 'postgres://kuma@[fd00::5]:5432/kuma'],
  ];
  for (const [name, env, expected] of cases) {
    it(`given ${name}, then the URL is ${expected}`, () => {
      const url = postgresConnectionString(load(env));
      assert.equal(url, expected);
      const parsed = new URL(url);
      assert.equal(decodeURIComponent(parsed.username), env.KUMA_STORE_POSTGRES_USER ?? 'kuma');
      if (env.KUMA_STORE_POSTGRES_PASSWORD !== undefined)
        assert.equal(decodeURIComponent(parsed.password), env.KUMA_STORE_POSTGRES_PASSWORD);
    });
  }
});
