/**
 * @kumiko/cp — `kumiko-cp`: runs a zone or the global control plane, chosen by KUMA_MODE.
 *
 * ```ts
 * await runControlPlane(process.env);   // until SIGTERM/SIGINT
 * ```
 */
export { runControlPlane } from './control-plane-runner.js';
