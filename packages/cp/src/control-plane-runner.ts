import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { loadSettings, SettingsError } from '@kumiko/api';
import { globalCpSettings, startGlobalControlPlane } from '@kumiko/global-cp';
import { startZoneControlPlane, zoneCpSettings } from '@kumiko/zone-cp';

const modeSetting = {
  mode: { env: 'KUMA_MODE', default: 'zone', schema: z.enum(['zone', 'global']), description: 'zone or global' },
} as const;

interface Running {
  stop(): Promise<void>;
}

/**
 * Runs the control plane chosen by KUMA_MODE until SIGTERM or SIGINT, then stops it gracefully
 * (a second signal exits at once). Invalid configuration: every problem printed, exit code 1.
 */
export async function runControlPlane(env: NodeJS.ProcessEnv): Promise<void> {
  let logger: Logger | undefined;
  let running: Running;
  try {
    const { mode } = loadSettings(modeSetting, env);
    if (mode === 'global') {
      const config = loadSettings(globalCpSettings, env);
      logger = pino({ level: config.logLevel, base: { mode } });
      running = await startGlobalControlPlane(config, logger);
    } else {
      const config = loadSettings(zoneCpSettings, env);
      logger = pino({ level: config.logLevel, base: { mode, zone: config.zoneName } });
      running = await startZoneControlPlane(config, logger);
    }
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`kumiko-cp: ${error.message}`);
      process.exit(1);
    }
    (logger ?? console).error(error);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger?.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger?.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
