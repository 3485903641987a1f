import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

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
