/** A proxy id that is not `<mesh>.<name>`. */
export class ProxyIdParseError extends Error {
  override readonly name = 'ProxyIdParseError';
  readonly code = 'INVALID_PROXY_ID';
  readonly proxyId: string;

  constructor(proxyId: string, reason: string) {
    super(`invalid proxy id ${JSON.stringify(proxyId)}: ${reason}`);
    this.proxyId = proxyId;
  }
}

/** Who an Envoy `node.id` names. `mesh` is `""` for ZoneIngress and ZoneEgress. */
export interface ProxyId {
  readonly mesh: string;
  readonly name: string;
}

/** Kuma's `BuildProxyId`: `"<mesh>.<name>"` — the Envoy `node.id`. ZoneIngress `zi-1` → `".zi-1"`. */
export function buildProxyId(mesh: string, name: string): string {
  return `${mesh}.${name}`;
}

/**
 * Kuma's `ParseProxyIdFromString`: splits at the **first** dot, so the mesh is everything before it
 * (a mesh name containing a dot cannot round-trip, as in Kuma). Throws {@link ProxyIdParseError} for
 * an empty id, an id without a dot, or an empty name.
 */
export function parseProxyId(id: string): ProxyId {
  if (id === '') throw new ProxyIdParseError(id, 'must not be empty');
  const dot = id.indexOf('.');
  if (dot < 0) throw new ProxyIdParseError(id, 'the name should be provided after the dot');
  const name = id.slice(dot + 1);
  if (name === '') throw new ProxyIdParseError(id, 'name must not be empty');
  return { mesh: id.slice(0, dot), name };
}
