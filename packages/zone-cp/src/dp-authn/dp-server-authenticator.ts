import { dataplaneTagSets, descriptorByProxyType, descriptorOf, Labels, parseProxyId, type Dataplane } from '@kumiko/api';
import {
  checkDataplaneTokenClaims,
  checkZoneTokenClaims,
  verifyDataplaneToken,
  verifyZoneToken,
  type VerifyTokenOptions,
  type ZoneTokenScope,
} from '@kumiko/pki';
import type { AdsStreamCredentials } from '@kumiko/xds';
import type { BootstrapProxyType } from '../bootstrap/bootstrap-request.js';
import type { AdsNode, ProxyResource } from '../lifecycle/proxy-lifecycle.js';
import type { DpProxyAuthnType, ZoneProxyAuthnType } from './authn-type.js';
import { MeshTokenKeys, missingDataplaneTokenKeyMessage, type MeshSecretSource } from './mesh-token-keys.js';
import type { GlobalTokenKeys } from '../tokens/replica-token-keys.js';

/** Why a stream was refused; the ADS server answers `authentication failed: <message>`. */
export class DpAuthenticationError extends Error {
  override readonly name = 'DpAuthenticationError';
  readonly code = 'DP_AUTHENTICATION_FAILED';
}

export interface DpServerAuthenticatorOptions {
  /** This zone CP's zone (`KUMA_MULTIZONE_ZONE_NAME`), which a zone token naming a zone must name. */
  readonly zone: string;
  readonly dpProxyType: DpProxyAuthnType;
  readonly zoneProxyType: ZoneProxyAuthnType;
  /** The resource in a node's metadata (`dataplane.resource`), read and validated as the lifecycle reads it. */
  readonly readResource: (node: AdsNode) => ProxyResource | undefined;
  /** The stored proxy a kuma-dp `--proxy-type` registers as (the zone store's `findProxy`). */
  readonly findProxy: (proxyType: string, mesh: string, name: string) => ProxyResource | undefined;
  /** Whether the stored proxy was registered by a connection (`lifecycle`) rather than a user. */
  readonly registeredByLifecycle: (resource: ProxyResource) => boolean;
  /** The mesh Secrets holding dataplane-token signing keys and revocations (the GLOBAL replica). */
  readonly meshSecrets: MeshSecretSource;
  /** Where zone tokens are verified: the public halves of the global's signing keys and its revocation list. */
  readonly zoneTokenKeys: GlobalTokenKeys;
}

const TOKEN_HINTS = {
  Dataplane: "generate one with 'kumactl generate dataplane-token' and pass it to kuma-dp with --dataplane-token-file",
  ZoneProxy: "generate one with 'kumactl generate zone-token' and pass it to kuma-dp with --dataplane-token-file",
} as const;

/**
 * Kuma's DP server authentication, run once on the first request of every ADS stream (SotW and delta) before it is
 * served: the stream's `authorization` metadata must carry a token that admits the proxy it is for. The proxy is the
 * resource in the node's metadata (which must be the one the node id names) or, without one, the stored proxy the
 * node id names. A Dataplane (sidecar or gateway) needs a dataplane token signed by one of its mesh's keys, not
 * revoked, whose name, mesh, tags and workload admit it; a ZoneIngress or ZoneEgress needs a zone token whose scope
 * holds its kind and whose zone, if any, is this zone. `none` admits every stream of that kind.
 *
 * Nothing is cached between streams but parsed keys: a verification costs about 0.1 ms once the mesh's key is
 * parsed, so 5,000 proxies reconnecting after a restart (when any cache would be empty anyway) cost about half a
 * second of CPU, and a revocation, a deleted key or an expiry counts for the very next stream. A cache of results
 * per (token, resource) would have to be dropped on each of those, for no gain where it matters.
 */
export class DpServerAuthenticator {
  private readonly keys: MeshTokenKeys;

  constructor(private readonly options: DpServerAuthenticatorOptions) {
    this.keys = new MeshTokenKeys(options.meshSecrets);
  }

  /** Whether `/bootstrap` for this kuma-dp proxy type must bring a token (Kuma checks only that one was sent). */
  tokenRequired(proxyType: BootstrapProxyType): boolean {
    return proxyType === 'dataplane' ? this.options.dpProxyType !== 'none' : this.options.zoneProxyType !== 'none';
  }

  /** Whether any stream is checked at all. */
  get enabled(): boolean {
    return this.options.dpProxyType !== 'none' || this.options.zoneProxyType !== 'none';
  }

  /**
   * Who may read a mesh's DNS table (`GET /dns?mesh=`, Kumiko's; Kuma has no such endpoint): with dataplane tokens on,
   * a valid dataplane token of that mesh (kumiko-dp sends the proxy's own as the `authorization` header), whose mesh
   * claim, when set, names it. Resolves to the reason for refusing, or undefined to serve.
   */
  async dnsRefusal(mesh: string, authorization: string | undefined): Promise<string | undefined> {
    if (this.options.dpProxyType === 'none') return undefined;
    const token = (authorization ?? '').trim();
    if (token === '') return `a dataplane token of mesh "${mesh}" is required (the "authorization" header); ${TOKEN_HINTS.Dataplane}`;
    try {
      const claims = await verifyDataplaneToken(token, this.meshKeys(mesh));
      if (claims.mesh !== '' && claims.mesh !== mesh) return `the token is for mesh "${claims.mesh}", not "${mesh}"`;
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** The ADS server's hook: resolves to admit the stream, rejects with the reason to refuse it. */
  readonly authenticate = async (stream: AdsStreamCredentials): Promise<void> => {
    const { resource, served } = this.resourceOf(stream.nodeId, stream.node);
    if (resource.type === 'Dataplane' ? this.options.dpProxyType === 'none' : this.options.zoneProxyType === 'none') return;
    const token = tokenOf(stream, resource);
    if (resource.type === 'Dataplane') {
      await this.checkDataplane(token, resource);
      // A user's version of the proxy, which the connection's own does not replace, is what will be served.
      if (served !== undefined && served.type === 'Dataplane') await this.checkDataplane(token, served);
      return;
    }
    const claims = await verifyZoneToken(token, this.options.zoneTokenKeys);
    // A zone proxy's node id names no kind (`.<name>`): a token must hold the scope of every kind stored under it.
    const scopes = new Set<ZoneTokenScope>([resource.type === 'ZoneIngress' ? 'ingress' : 'egress']);
    for (const scope of ['ingress', 'egress'] as const)
      if (this.options.findProxy(scope, '', resource.name) !== undefined) scopes.add(scope);
    for (const scope of scopes) checkZoneTokenClaims(claims, { zone: this.options.zone, scope });
  };

  /** How a dataplane token of `mesh` is verified: the mesh's replicated signing keys and revocation Secret. */
  private meshKeys(mesh: string): VerifyTokenOptions {
    return {
      signingKey: (kid, alg) => Promise.resolve(this.keys.signingKey(mesh, kid, alg)),
      missingKeyMessage: (kid) => missingDataplaneTokenKeyMessage(mesh, kid),
      revoked: () => Promise.resolve(this.keys.revoked(mesh)),
    };
  }

  private async checkDataplane(token: string, dataplane: Dataplane): Promise<void> {
    const { mesh } = dataplane;
    const claims = await verifyDataplaneToken(token, this.meshKeys(mesh));
    const workload = dataplane.labels?.[Labels.workload];
    checkDataplaneTokenClaims(claims, {
      name: dataplane.name,
      mesh,
      tags: tagValues(dataplane),
      ...(workload === undefined ? {} : { workload }),
    });
  }

  /**
   * The proxy a stream is for: its metadata's resource, which must be the one its node id names, else the stored one.
   * `served` is the stored proxy when a user owns it: the connection does not replace it, so it is what is served.
   */
  private resourceOf(nodeId: string, node: AdsNode): { resource: ProxyResource; served: ProxyResource | undefined } {
    let id;
    try {
      id = parseProxyId(nodeId);
    } catch (error) {
      throw new DpAuthenticationError(error instanceof Error ? error.message : String(error));
    }
    const proxyType = stringMetadata(node, 'dataplane.proxyType') ?? 'dataplane';
    const stored = this.options.findProxy(proxyType, id.mesh, id.name);
    const brought = this.options.readResource(node);
    if (brought === undefined) {
      if (stored === undefined) {
        const type = (descriptorByProxyType(proxyType) ?? descriptorOf('Dataplane')).name;
        throw new DpAuthenticationError(
          `resource "${nodeId}" not found; create a ${type} in Kuma CP first or pass it as an argument to kuma-dp`,
        );
      }
      return { resource: stored, served: undefined };
    }
    const mesh = brought.type === 'Dataplane' ? brought.mesh : '';
    if (id.mesh !== mesh || id.name !== brought.name) {
      throw new DpAuthenticationError(`node id "${nodeId}" does not name the ${brought.type} in its metadata ("${mesh}.${brought.name}")`);
    }
    const userOwned = stored !== undefined && stored.type === brought.type && !this.options.registeredByLifecycle(stored);
    return { resource: brought, served: userOwned ? stored : undefined };
  }
}

/** The one token of the stream's `authorization` metadata (the raw JWT, as Envoy's initial metadata carries it). */
function tokenOf(stream: AdsStreamCredentials, resource: ProxyResource): string {
  const values = stream.metadata.get('authorization');
  if (values.length > 1) throw new DpAuthenticationError(`request must have exactly 1 "authorization" header, got ${values.length}`);
  const token = values.length === 0 ? '' : String(values[0]).trim();
  if (token === '') {
    const kind = resource.type === 'Dataplane' ? 'dataplane' : 'zone';
    const hint = resource.type === 'Dataplane' ? TOKEN_HINTS.Dataplane : TOKEN_HINTS.ZoneProxy;
    throw new DpAuthenticationError(`the stream carries no ${kind} token (gRPC metadata "authorization"); ${hint}`);
  }
  return token;
}

/** Every value of every tag of the Dataplane's inbounds and gateway, by tag name. */
function tagValues(dataplane: Dataplane): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const set of dataplaneTagSets(dataplane)) {
    for (const [key, value] of Object.entries(set)) {
      const values = (out[key] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  return out;
}

function stringMetadata(node: AdsNode, key: string): string | undefined {
  const value = node.metadata?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
