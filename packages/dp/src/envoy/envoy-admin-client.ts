/** Where Envoy's admin API listens (the bootstrap's `admin.address.socket_address`). */
export interface EnvoyAdminAddress {
  readonly host: string;
  readonly port: number;
}

/** Envoy's admin API refused or failed a request. */
export class EnvoyAdminError extends Error {
  override readonly name = 'EnvoyAdminError';
  readonly code = 'ENVOY_ADMIN_FAILED';
}

/**
 * Asks Envoy to start draining: `POST /drain_listeners?inboundonly&graceful` (what kuma-dp sends at
 * shutdown). Inbound listeners stop accepting new connections gracefully over Envoy's
 * `--drain-time-s` while outbound traffic of the app keeps working. Resolves when Envoy accepted the
 * request; throws {@link EnvoyAdminError} otherwise.
 */
export async function drainListeners(admin: EnvoyAdminAddress, timeoutMs = 5_000): Promise<void> {
  const host = admin.host.includes(':') ? `[${admin.host}]` : admin.host;
  let response: Response;
  try {
    response = await fetch(`http://${host}:${admin.port}/drain_listeners?inboundonly&graceful`, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new EnvoyAdminError(`Envoy admin at ${host}:${admin.port} unreachable`, { cause });
  }
  const body = await response.text();
  if (!response.ok) throw new EnvoyAdminError(`Envoy admin answered ${response.status} to /drain_listeners: ${body.trim()}`);
}
