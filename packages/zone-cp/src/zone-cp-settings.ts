import { SettingSchemas, type SettingValues } from '@kumiko/api';
import { natsSettings } from '@kumiko/bus';
import { generalTlsSettings } from '@kumiko/pki';
import { adminAccessSettings, apiAuthenticationSettings, apiHttpLimitSettings, apiHttpsSettings, writeAccessSettings } from '@kumiko/rest';
import { z } from 'zod';
import { authnTypeSchema } from './dp-authn/authn-type.js';

/** Every setting of a zone CP, with Kuma's variable names where Kuma has one. */
export const zoneCpSettings = {
  zoneName: { env: 'KUMA_MULTIZONE_ZONE_NAME', default: 'default', schema: SettingSchemas.text, description: 'this zone’s name' },
  apiPort: { env: 'KUMA_API_SERVER_HTTP_PORT', default: '5681', schema: SettingSchemas.port, description: 'REST API port' },
  apiInterface: {
    env: 'KUMA_API_SERVER_HTTP_INTERFACE',
    default: '127.0.0.1',
    schema: SettingSchemas.text,
    description:
      'plain-HTTP REST API bind address; loopback by default (Kuma binds 0.0.0.0), so remote clients use HTTPS unless this says otherwise',
  },
  dpServerPort: {
    env: 'KUMA_DP_SERVER_PORT',
    default: '5678',
    schema: z.coerce.number().int().min(0).max(65535),
    description: 'DP server port (POST /bootstrap, GET /dns and ADS); 0 = any free port',
  },
  dpServerInterface: {
    env: 'KUMIKO_DP_SERVER_INTERFACE',
    default: '0.0.0.0',
    schema: SettingSchemas.text,
    description: 'DP server bind address (Kuma has no such setting and binds all interfaces)',
  },
  dpServerTlsEnabled: {
    env: 'KUMIKO_DP_SERVER_TLS_ENABLED',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'serve the DP server over TLS, as Kuma always does; false serves plaintext (Kumiko’s, for tests and debugging)',
  },
  dpServerAuthnDpProxyType: {
    env: 'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE',
    default: 'dpToken',
    schema: authnTypeSchema('dpToken'),
    description: 'how sidecars and gateways authenticate to the DP server: dpToken or none',
  },
  dpServerAuthnZoneProxyType: {
    env: 'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE',
    default: 'zoneToken',
    schema: authnTypeSchema('zoneToken'),
    description: 'how zone ingresses and egresses authenticate to the DP server: zoneToken or none',
  },
  dataplaneDeregistrationDelayMs: {
    env: 'KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY',
    default: '10s',
    schema: SettingSchemas.durationMs,
    description: 'how long after its last ADS stream closed a proxy registered through /bootstrap is deleted',
  },
  dataplaneStatusFlushIntervalMs: {
    env: 'KUMA_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL',
    default: '10s',
    schema: SettingSchemas.durationMs,
    description: 'how often DataplaneInsight counters are published (connects and disconnects go at once)',
  },
  bootstrapAdminPort: {
    env: 'KUMA_BOOTSTRAP_SERVER_PARAMS_ADMIN_PORT',
    default: '9901',
    schema: SettingSchemas.port,
    description: 'Envoy admin port in bootstraps, unless the resource sets networking.admin.port',
  },
  bootstrapAdminAddress: {
    env: 'KUMA_BOOTSTRAP_SERVER_PARAMS_ADMIN_ADDRESS',
    default: '127.0.0.1',
    schema: SettingSchemas.text,
    description: 'Envoy admin address in bootstraps',
  },
  bootstrapXdsHost: {
    env: 'KUMA_BOOTSTRAP_SERVER_PARAMS_XDS_HOST',
    default: '',
    schema: z.string(),
    description: 'ADS host in bootstraps; empty = the host the proxy used to reach /bootstrap',
  },
  bootstrapXdsPort: {
    env: 'KUMA_BOOTSTRAP_SERVER_PARAMS_XDS_PORT',
    default: '0',
    schema: z.coerce.number().int().min(0).max(65535),
    description: 'ADS port in bootstraps; 0 = the DP server port',
  },
  bootstrapXdsConnectTimeoutMs: {
    env: 'KUMA_BOOTSTRAP_SERVER_PARAMS_XDS_CONNECT_TIMEOUT',
    default: '1s',
    schema: SettingSchemas.durationMs,
    description: 'connect timeout of the ADS cluster in bootstraps',
  },
  dnsServerCidr: {
    env: 'KUMA_DNS_SERVER_CIDR',
    default: '240.0.0.0/4',
    schema: SettingSchemas.text,
    description: 'where service VIPs are allocated from',
  },
  dnsServerDomain: {
    env: 'KUMA_DNS_SERVER_DOMAIN',
    default: 'mesh',
    schema: SettingSchemas.text,
    description: 'DNS domain of mesh services (<service>.mesh)',
  },
  dnsServiceVipPort: {
    env: 'KUMA_DNS_SERVER_SERVICE_VIP_PORT',
    default: '80',
    schema: SettingSchemas.port,
    description: 'port of service VIPs (`addressPort` in service insights)',
  },
  ...natsSettings,
  ...adminAccessSettings,
  ...writeAccessSettings,
  ...apiAuthenticationSettings,
  ...apiHttpLimitSettings,
  ...apiHttpsSettings,
  ...generalTlsSettings,
  heartbeatIntervalMs: {
    env: 'KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL',
    default: '5s',
    schema: SettingSchemas.durationMs,
    description: 'how often the zone tells the global CP it is alive',
  },
  logLevel: { env: 'KUMA_LOG_LEVEL', default: 'info', schema: SettingSchemas.logLevel, description: 'log level' },
} as const;

export type ZoneCpConfig = SettingValues<typeof zoneCpSettings>;
