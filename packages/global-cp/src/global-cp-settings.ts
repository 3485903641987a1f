import { SettingSchemas, type SettingValues } from '@kumiko/api';
import { natsSettings } from '@kumiko/bus';
import { generalTlsSettings } from '@kumiko/pki';
import { adminAccessSettings, apiAuthenticationSettings, apiHttpLimitSettings, apiHttpsSettings, writeAccessSettings } from '@kumiko/rest';
import { z } from 'zod';

/** Every setting of the global CP, with Kuma's variable names where Kuma has one. */
export const globalCpSettings = {
  apiPort: { env: 'KUMA_API_SERVER_HTTP_PORT', default: '5681', schema: SettingSchemas.port, description: 'REST API port' },
  apiInterface: {
    env: 'KUMA_API_SERVER_HTTP_INTERFACE',
    default: '127.0.0.1',
    schema: SettingSchemas.text,
    description:
      'plain-HTTP REST API bind address; loopback by default (Kuma binds 0.0.0.0), so remote clients use HTTPS unless this says otherwise',
  },
  storeType: { env: 'KUMA_STORE_TYPE', default: 'postgres', schema: z.literal('postgres'), description: 'store type (only postgres)' },
  postgresHost: { env: 'KUMA_STORE_POSTGRES_HOST', default: '127.0.0.1', schema: SettingSchemas.text, description: 'Postgres host' },
  postgresPort: { env: 'KUMA_STORE_POSTGRES_PORT', default: '5432', schema: SettingSchemas.port, description: 'Postgres port' },
  postgresUser: { env: 'KUMA_STORE_POSTGRES_USER', default: 'kuma', schema: SettingSchemas.text, description: 'Postgres user' },
  postgresPassword: {
    env: 'KUMA_STORE_POSTGRES_PASSWORD',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'Postgres password',
    secret: true,
  },
  postgresDbName: { env: 'KUMA_STORE_POSTGRES_DB_NAME', default: 'kuma', schema: SettingSchemas.text, description: 'Postgres database' },
  postgresMaxConnections: {
    env: 'KUMA_STORE_POSTGRES_MAX_OPEN_CONNECTIONS',
    default: '20',
    schema: SettingSchemas.positiveInt,
    description: 'Postgres pool size',
  },
  ...natsSettings,
  ...adminAccessSettings,
  ...writeAccessSettings,
  ...apiAuthenticationSettings,
  generateDpTokenUsers: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_DP_TOKEN_USERS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'users who may generate dataplane tokens (`POST /tokens/dataplane`, comma-separated)',
  },
  generateDpTokenGroups: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_DP_TOKEN_GROUPS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'groups whose users may generate dataplane tokens (comma-separated)',
  },
  generateZoneTokenUsers: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_ZONE_TOKEN_USERS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'users who may generate zone tokens (`POST /tokens/zone`, comma-separated)',
  },
  generateZoneTokenGroups: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_ZONE_TOKEN_GROUPS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'groups whose users may generate zone tokens (comma-separated)',
  },
  generateUserTokenUsers: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_USER_TOKEN_USERS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'users who may generate user tokens (`POST /tokens/user`, comma-separated)',
  },
  generateUserTokenGroups: {
    env: 'KUMA_ACCESS_STATIC_GENERATE_USER_TOKEN_GROUPS',
    default: 'mesh-system:admin',
    schema: SettingSchemas.list,
    description: 'groups whose users may generate user tokens (comma-separated)',
  },
  bootstrapAdminToken: {
    env: 'KUMA_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'at start, store a user token of `mesh-system:admin` (ten years) as the GlobalSecret `admin-user-token` if absent',
  },
  userTokenIssuer: {
    env: 'KUMA_API_SERVER_AUTHN_TOKENS_ENABLE_ISSUER',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'issue user tokens (`POST /tokens/user`); `false` answers 400',
  },
  dataplaneTokenIssuer: {
    env: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_DP_TOKEN_ENABLE_ISSUER',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'issue dataplane tokens (`POST /tokens/dataplane`); `false` answers 400',
  },
  zoneTokenIssuer: {
    env: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_ZONE_TOKEN_ENABLE_ISSUER',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'issue zone tokens (`POST /tokens/zone`); `false` answers 400',
  },
  ...apiHttpLimitSettings,
  ...apiHttpsSettings,
  ...generalTlsSettings,
  zoneIdleTimeoutMs: {
    env: 'KUMA_METRICS_ZONE_IDLE_TIMEOUT',
    default: '30s',
    schema: SettingSchemas.durationMs,
    description: 'a zone with no heartbeat for this long is marked offline (its resources stay)',
  },
  zonesMaxMsgsPerSubject: {
    env: 'KUMA_EVENTS_ZONES_MAX_MSGS_PER_SUBJECT',
    default: '5',
    schema: SettingSchemas.positiveInt,
    description: 'history kept per resource in the ZONES stream',
  },
  projectorMaxBatch: {
    env: 'KUMA_EVENTS_PROJECTOR_MAX_BATCH',
    default: '500',
    schema: SettingSchemas.positiveInt,
    description: 'most zone events projected in one Postgres transaction',
  },
  projectorStallTimeoutMs: {
    env: 'KUMA_EVENTS_PROJECTOR_STALL_TIMEOUT',
    default: '30s',
    schema: SettingSchemas.durationMs,
    description: '`/ready` fails once zone events have been failing to project, or pending unhandled, for this long',
  },
  skipDefaultMeshCreation: {
    env: 'KUMA_DEFAULTS_SKIP_MESH_CREATION',
    default: 'false',
    schema: SettingSchemas.boolean,
    description: 'do not create the `default` mesh at the first start',
  },
  insightResyncIntervalMs: {
    env: 'KUMA_METRICS_MESH_MIN_RESYNC_INTERVAL',
    default: '1s',
    schema: SettingSchemas.durationMs,
    description: 'how often service and global insights catch up with the projection',
  },
  dnsDomain: {
    env: 'KUMA_DNS_SERVER_DOMAIN',
    default: 'mesh',
    schema: SettingSchemas.text,
    description: 'DNS domain of services (`addressPort` in service insights)',
  },
  dnsServiceVipPort: {
    env: 'KUMA_DNS_SERVER_SERVICE_VIP_PORT',
    default: '80',
    schema: SettingSchemas.port,
    description: 'port of service VIPs (`addressPort` in service insights)',
  },
  logLevel: { env: 'KUMA_LOG_LEVEL', default: 'info', schema: SettingSchemas.logLevel, description: 'log level' },
} as const;

export type GlobalCpConfig = SettingValues<typeof globalCpSettings>;

/** The Postgres connection string the settings describe. */
export function postgresConnectionString(config: GlobalCpConfig): string {
  const auth =
    config.postgresPassword === undefined
      ? encodeURIComponent(config.postgresUser)
      : `${encodeURIComponent(config.postgresUser)}:${encodeURIComponent(config.postgresPassword)}`;
  // An IPv6 literal needs brackets in a URL (`[::1]:5432`); a host name or IPv4 address never contains `:`.
  const host = config.postgresHost.includes(':') && !config.postgresHost.startsWith('[') ? `[${config.postgresHost}]` : config.postgresHost;
  return `postgres://${auth}@${host}:${config.postgresPort}/${encodeURIComponent(config.postgresDbName)}`;
}
