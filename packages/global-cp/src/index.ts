/**
 * @kumiko/global-cp — the global control plane: projects zone events from JetStream into Postgres
 * (exactly once in effect), relays the global view back to zones, tracks zone liveness and serves
 * the REST API.
 *
 * ```ts
 * const config = loadSettings(globalCpSettings, process.env);
 * const cp = await startGlobalControlPlane(config, logger);
 * await cp.ready;            // migrated, projector and relay running
 * await cp.stop();           // on SIGTERM
 * ```
 */
export { startGlobalControlPlane } from './global-control-plane.js';
export type { GlobalControlPlane, GlobalCpNames } from './global-control-plane.js';
export { globalCpSettings, postgresConnectionString } from './global-cp-settings.js';
export type { GlobalCpConfig } from './global-cp-settings.js';
export { UserTokenValidator } from './user-token-validator.js';
export type { UserTokenIdentity, UserTokenValidatorOptions } from './user-token-validator.js';
