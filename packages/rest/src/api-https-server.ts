import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SettingSchemas, type Setting } from '@kumiko/api';

/** The HTTPS listener's settings, with Kuma's names; both control planes read them. */
export const apiHttpsSettings: {
  readonly apiHttpsEnabled: Setting<boolean>;
  readonly apiHttpsPort: Setting<number>;
  readonly apiHttpsInterface: Setting<string>;
  readonly apiHttpsTlsCertFile: Setting<string>;
  readonly apiHttpsTlsKeyFile: Setting<string>;
} = {
  apiHttpsEnabled: {
    env: 'KUMA_API_SERVER_HTTPS_ENABLED',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'also serve the REST API over HTTPS',
  },
  apiHttpsPort: {
    env: 'KUMA_API_SERVER_HTTPS_PORT',
    default: '5682',
    schema: z.coerce.number().int().min(0).max(65535),
    description: 'REST API HTTPS port; 0 = any free port',
  },
  apiHttpsInterface: {
    env: 'KUMA_API_SERVER_HTTPS_INTERFACE',
    default: '0.0.0.0',
    schema: SettingSchemas.text,
    description: 'REST API HTTPS bind address',
  },
  apiHttpsTlsCertFile: {
    env: 'KUMA_API_SERVER_HTTPS_TLS_CERT_FILE',
    default: '',
    schema: SettingSchemas.anyText,
    description: 'certificate (PEM) of the HTTPS API; empty = the general certificate',
  },
  apiHttpsTlsKeyFile: {
    env: 'KUMA_API_SERVER_HTTPS_TLS_KEY_FILE',
    default: '',
    schema: SettingSchemas.anyText,
    description: 'private key (PEM) for `KUMA_API_SERVER_HTTPS_TLS_CERT_FILE`',
  },
};

/**
 * The REST API's HTTPS listener (`KUMA_API_SERVER_HTTPS_PORT`): a TLS (≥ 1.2) server that hands every request
 * to the same Fastify routes as the HTTP listener, so both ports answer alike. Call after `app.ready()`.
 */
export async function listenApiHttps(
  app: FastifyInstance,
  options: { readonly host: string; readonly port: number; readonly certPem: string; readonly keyPem: string },
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server: Server = createServer({ cert: options.certPem, key: options.keyPem, minVersion: 'TLSv1.2' }, (request, response) =>
    app.routing(request, response),
  );
  server.headersTimeout = app.server.headersTimeout;
  server.requestTimeout = app.server.requestTimeout;
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
