import { BootstrapRejectedError, BootstrapTimeoutError } from './bootstrap/bootstrap-client.js';
import { BootstrapResponseError } from './bootstrap/bootstrap-response.js';
import { ProxyResourceError } from './config/proxy-resource-loader.js';
import { TemplateRenderError } from './config/template-renderer.js';
import { UsageError } from './config/usage-error.js';
import { CpTlsVerificationError } from './cp/cp-tls-error.js';
import { DnsListenError } from './dns/dns-server.js';
import { EnvoyNotFoundError } from './envoy/envoy-binary-locator.js';
import { EnvoyUnusableError } from './envoy/envoy-version.js';

/**
 * Exit status of `kumiko-dp run`: 0 after a graceful stop; 1 for a wrong command line, dataplane
 * file or environment, a CP that rejected the proxy or stayed unreachable; 2 when there is no usable
 * Envoy (nothing was sent to the CP).
 */
export const RunExitCodes = { stopped: 0, failed: 1, envoyMissing: 2 } as const;
export type RunExitCode = (typeof RunExitCodes)[keyof typeof RunExitCodes];

/**
 * What the user sees when `run` fails: one message (possibly several lines, no prefix) and the exit
 * status. `undefined` for errors that are not expected failures (bugs), which the caller prints whole.
 */
export function describeRunError(error: unknown): { readonly message: string; readonly exitCode: RunExitCode } | undefined {
  if (error instanceof EnvoyNotFoundError || error instanceof EnvoyUnusableError)
    return { message: error.message, exitCode: RunExitCodes.envoyMissing };
  if (error instanceof UsageError) return { message: error.problems.join('\n'), exitCode: RunExitCodes.failed };
  if (error instanceof ProxyResourceError) {
    const lines = error.violations.map((v) => `  ${v.field === '' ? '(document)' : v.field}: ${v.message}`);
    return { message: `${error.source} is not a valid proxy resource:\n${lines.join('\n')}`, exitCode: RunExitCodes.failed };
  }
  if (
    error instanceof TemplateRenderError ||
    error instanceof BootstrapRejectedError ||
    error instanceof BootstrapTimeoutError ||
    error instanceof BootstrapResponseError ||
    error instanceof DnsListenError ||
    error instanceof CpTlsVerificationError
  ) {
    return { message: error.message, exitCode: RunExitCodes.failed };
  }
  return undefined;
}
