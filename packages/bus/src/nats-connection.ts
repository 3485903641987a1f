import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection } from 'nats';
import type { Logger } from 'pino';

export interface NatsConnectionOptions {
  readonly servers: string | readonly string[];
  readonly user?: string;
  readonly password?: string;
  /** A NATS `.creds` file (JWT + nkey seed); an alternative to user and password. */
  readonly credsFile?: string;
  /** TLS to the server: the CA that verifies it, and a client certificate and key when it verifies clients. */
  readonly tls?: { readonly caFile?: string | undefined; readonly certFile?: string | undefined; readonly keyFile?: string | undefined };
  /**
   * Prefix for reply subjects. A zone uses its own (`_INBOX_<zone>`) so that its user may subscribe
   * to its replies only and never read another zone's.
   */
  readonly inboxPrefix?: string;
  /** Connection name shown in the server's monitoring. */
  readonly name: string;
  readonly logger: Logger;
}

/**
 * Connects and keeps reconnecting forever. The first connection waits too, so a control plane can
 * start (and serve what it has) while NATS is still unreachable.
 */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  const { logger } = options;
  const nc = await connect({
    servers: typeof options.servers === 'string' ? options.servers : [...options.servers],
    name: options.name,
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.password === undefined ? {} : { pass: options.password }),
    ...(options.credsFile === undefined ? {} : { authenticator: credsAuthenticator(readFileSync(options.credsFile)) }),
    ...(options.inboxPrefix === undefined ? {} : { inboxPrefix: options.inboxPrefix }),
    ...(options.tls === undefined ? {} : { tls: natsTlsOptions(options.tls) }),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      const level = status.type === 'error' || status.type === 'disconnect' ? 'warn' : 'debug';
      logger[level]({ nats: status.type, data: typeof status.data === 'string' ? status.data : undefined }, `nats ${status.type}`);
    }
  })();
  return nc;
}

/** The nats client's TLS options: only the files that are set (the client reads them itself). */
function natsTlsOptions(tls: NonNullable<NatsConnectionOptions['tls']>): Record<string, string> {
  return {
    ...(tls.caFile === undefined ? {} : { caFile: tls.caFile }),
    ...(tls.certFile === undefined ? {} : { certFile: tls.certFile }),
    ...(tls.keyFile === undefined ? {} : { keyFile: tls.keyFile }),
  };
}
