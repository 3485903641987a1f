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
} as const;
