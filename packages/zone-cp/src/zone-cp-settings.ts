import { SettingSchemas, type SettingValues } from '@kumiko/api';
import { natsSettings } from '@kumiko/bus';
import { z } from 'zod';

/** Every setting of a zone CP, with Kuma's variable names where Kuma has one. */
export const zoneCpSettings = {
  zoneName: { env: 'KUMA_MULTIZONE_ZONE_NAME', default: 'default', schema: SettingSchemas.text, description: 'this zone’s name' },
  apiPort: { env: 'KUMA_API_SERVER_HTTP_PORT', default: '5681', schema: SettingSchemas.port, description: 'REST API port' },
  apiInterface: { env: 'KUMA_API_SERVER_HTTP_INTERFACE', default: '0.0.0.0', schema: SettingSchemas.text, description: 'REST API bind address' },
  dpServerPort: {
    env: 'KUMA_DP_SERVER_PORT',
    default: '5678',
    schema: z.coerce.number().int().min(0).max(65535),
    description: 'xDS (ADS) port for data plane proxies, on all interfaces; 0 = any free port',
  },
  ...natsSettings,
  heartbeatIntervalMs: {
    env: 'KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL',
    default: '5s',
    schema: SettingSchemas.durationMs,
    description: 'how often the zone tells the global CP it is alive',
  },
  logLevel: { env: 'KUMA_LOG_LEVEL', default: 'info', schema: SettingSchemas.logLevel, description: 'log level' },
} as const;

export type ZoneCpConfig = SettingValues<typeof zoneCpSettings>;
