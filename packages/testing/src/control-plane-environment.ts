/**
 * The `KUMA_*` environments of `kumiko-cp run` for a global and a zone CP on loopback, as the
 * end-to-end tests, the benchmarks and the demo run them. Only what locates the CP and its peers is
 * set here; every other setting keeps the CP's default unless `extra` overrides it.
 */

/** A NATS user (`nats.conf` from natsSecurityConfig); none = an unauthenticated server. */
export interface NatsLogin {
  readonly user: string;
  readonly password: string;
}

export interface GlobalCpEnvironmentOptions {
  readonly natsUrl: string;
  /** `postgres://user@host:port/database`. */
  readonly databaseUrl: string;
  readonly apiPort: number;
  readonly nats?: NatsLogin;
  /** Default: `warn`. */
  readonly logLevel?: string;
  readonly extra?: Readonly<Record<string, string>>;
}

export function globalCpEnvironment(options: GlobalCpEnvironmentOptions): Record<string, string> {
  const db = new URL(options.databaseUrl);
  return {
    KUMA_MODE: 'global',
    KUMA_API_SERVER_HTTP_PORT: String(options.apiPort),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    KUMA_STORE_POSTGRES_HOST: db.hostname,
    KUMA_STORE_POSTGRES_PORT: db.port,
    KUMA_STORE_POSTGRES_USER: decodeURIComponent(db.username),
    ...(db.password === '' ? {} : { KUMA_STORE_POSTGRES_PASSWORD: decodeURIComponent(db.password) }),
    KUMA_STORE_POSTGRES_DB_NAME: decodeURIComponent(db.pathname.slice(1)),
    KUMA_EVENTS_NATS_URL: options.natsUrl,
    ...natsLoginEnvironment(options.nats),
    KUMA_LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.extra,
  };
}

export interface ZoneCpEnvironmentOptions {
  readonly zone: string;
  readonly natsUrl: string;
  readonly apiPort: number;
  /** `KUMA_DP_SERVER_PORT`: ADS, `/bootstrap` and `/dns`. */
  readonly dpServerPort: number;
  readonly nats?: NatsLogin;
  /** Default: `warn`. */
  readonly logLevel?: string;
  readonly extra?: Readonly<Record<string, string>>;
}

export function zoneCpEnvironment(options: ZoneCpEnvironmentOptions): Record<string, string> {
  return {
    KUMA_MODE: 'zone',
    KUMA_MULTIZONE_ZONE_NAME: options.zone,
    KUMA_API_SERVER_HTTP_PORT: String(options.apiPort),
    KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
    KUMA_DP_SERVER_PORT: String(options.dpServerPort),
    KUMA_EVENTS_NATS_URL: options.natsUrl,
    ...natsLoginEnvironment(options.nats),
    KUMA_LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.extra,
  };
}

function natsLoginEnvironment(login: NatsLogin | undefined): Record<string, string> {
  return login === undefined ? {} : { KUMA_EVENTS_NATS_USER: login.user, KUMA_EVENTS_NATS_PASSWORD: login.password };
}
