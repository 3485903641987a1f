import { SettingSchemas } from '@kumiko/api';

/** How a control plane reaches NATS; the same variables for zone and global CPs. */
export const natsSettings = {
  natsUrl: {
    env: 'KUMA_EVENTS_NATS_URL',
    default: 'nats://127.0.0.1:4222',
    schema: SettingSchemas.text,
    description: 'NATS server URL(s), comma-separated',
  },
  natsUser: { env: 'KUMA_EVENTS_NATS_USER', default: undefined, schema: SettingSchemas.optionalText, description: 'NATS user' },
  natsPassword: {
    env: 'KUMA_EVENTS_NATS_PASSWORD',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'NATS password',
    secret: true,
  },
  natsCredsFile: {
    env: 'KUMA_EVENTS_NATS_CREDS_FILE',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'NATS .creds file (instead of user and password)',
  },
  natsTlsCaFile: {
    env: 'KUMA_EVENTS_NATS_TLS_CA_FILE',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'CA (PEM) that verifies the NATS server; setting any NATS TLS file connects over TLS',
  },
  natsTlsCertFile: {
    env: 'KUMA_EVENTS_NATS_TLS_CERT_FILE',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'client certificate (PEM) for NATS servers that verify clients',
  },
  natsTlsKeyFile: {
    env: 'KUMA_EVENTS_NATS_TLS_KEY_FILE',
    default: undefined,
    schema: SettingSchemas.optionalText,
    description: 'private key (PEM) of `KUMA_EVENTS_NATS_TLS_CERT_FILE`',
  },
} as const;
