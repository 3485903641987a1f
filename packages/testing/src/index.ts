/**
 * @kumiko/testing — real backing services for tests and the local demo (dev dependency only).
 *
 * ```ts
 * const nats = await startNats();                 // nats-server -js on a random loopback port
 * const pg = await startPostgres();               // throwaway initdb + pg_ctl cluster
 * const db = await pg.createDatabase();           // an isolated database for one test
 * after(() => Promise.all([nats.stop(), pg.stop()]));
 * ```
 */
export { startProcess } from './child-process.js';
export type { TestProcess, TestProcessOptions } from './child-process.js';
export { EdsWatch } from './eds-watch.js';
export type { DiscoveryResponseLike, EdsUpdate, SotwStreamLike } from './eds-watch.js';
export { freePort } from './free-port.js';
export { startKumikoSystem } from './kumiko-system.js';
export type { KumikoSystem, KumikoSystemOptions, Stoppable, ZoneCpProcess } from './kumiko-system.js';
export { kumikoCpCommand, kumikoRepoRoot, startControlPlaneProcess } from './control-plane-process.js';
export type { ControlPlaneProcess, ControlPlaneProcessOptions } from './control-plane-process.js';
export { globalCpEnvironment, loopbackTlsEnvironment, OPEN_PLAINTEXT_DP_SERVER, zoneCpEnvironment } from './control-plane-environment.js';
export type { GlobalCpEnvironmentOptions, NatsLogin, ZoneCpEnvironmentOptions } from './control-plane-environment.js';
export { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, readClusterLoadAssignment } from './load-assignment-reader.js';
export type { LoadAssignment, LoadAssignmentEndpoint } from './load-assignment-reader.js';
export { startNats } from './nats-server.js';
export type { NatsServer, NatsServerOptions } from './nats-server.js';
export {
  DEFAULT_GLOBAL_CP_CONSUMERS,
  DEFAULT_NATS_JETSTREAM_LIMITS,
  KUMIKO_NATS_ACCOUNT,
  NATS_MAX_PAYLOAD,
  natsPasswordVariable,
  natsSecurityConfig,
  NatsSecurityConfigError,
  zoneInboxPrefix,
  zoneNatsPermissions,
} from './nats-security-config.js';
export type {
  NatsJetStreamLimits,
  NatsPermission,
  NatsSecurityConfigOptions,
  NatsSecurityStreams,
  ZoneNatsPermissions,
} from './nats-security-config.js';
export { startPostgres } from './postgres-server.js';
export type { PostgresServer, PostgresServerOptions } from './postgres-server.js';
export { MissingBinaryError, natsServerBinary, postgresBinDir } from './system-binaries.js';
export { waitFor, WaitTimeoutError } from './wait-for.js';
