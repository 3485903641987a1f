import { parseKumaDuration, type Mesh } from '@kumiko/api';
import {
  DEFAULT_IDENTITY_VALIDITY_SECONDS,
  IdentityKeyTypes,
  issueIdentityCertificate,
  type IdentityCertificate,
  type IdentityKeyType,
  type TagSet,
} from '@kumiko/pki';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { MeshCa, MeshCaSource } from './mesh-ca-source.js';

/** The proxy a certificate is for: its key in the zone and the tag sets its identity comes from. */
export interface ProxyIdentityRequest {
  /** `<type>|<mesh>|<name>`: one certificate per proxy. */
  readonly proxy: string;
  readonly mesh: Mesh;
  /** Inbound tag maps plus the gateway's; a ZoneEgress `{kuma.io/service: zone-egress}`. */
  readonly tagSets: readonly TagSet[];
}

/** What a proxy is served: its identity certificate and the CA chain it trusts, with the backend that issued it. */
export interface ProxyIdentity {
  readonly mesh: string;
  readonly backend: string;
  readonly certificate: IdentityCertificate;
  /** The mesh's CA chain (PEM). */
  readonly caPem: string;
  /** When this certificate was issued (Kuma's generation time). */
  readonly issuedAt: Date;
  /** How many certificates this proxy got since it connected. */
  readonly regenerations: number;
}

interface Cached {
  readonly identity: ProxyIdentity;
  readonly caFingerprint: string;
  readonly tagsKey: string;
}

/** Model certificates kept at most (one per mesh and tag set), so churning tags cannot grow them without end. */
const MAX_MODELS = 10_000;

/** Tag-set strings by the array they were made of: a caller that hands the same array again skips the sorting. */
const tagsKeys = new WeakMap<readonly TagSet[], string>();

/** Kuma's tag-set string: the sorted `k=v` pairs of every tag set, so a change of services or tags re-issues. */
function tagsKeyOf(tagSets: readonly TagSet[]): string {
  let key = tagsKeys.get(tagSets);
  if (key === undefined) tagsKeys.set(tagSets, (key = sortedTagsKeyOf(tagSets)));
  return key;
}

function sortedTagsKeyOf(tagSets: readonly TagSet[]): string {
  return tagSets
    .map((tags) =>
      Object.entries(tags)
        .map(([key, value]) => `${key}=${value}`)
        .sort()
        .join(','),
    )
    .sort()
    .join(';');
}

/** Kuma's "expiring soon": past 4/5 of the time from issuance to expiry (about 19.2 h of a day's certificate). */
function renewalAt(identity: ProxyIdentity): number {
  const issued = identity.issuedAt.getTime();
  return issued + ((identity.certificate.notAfter.getTime() - issued) * 4) / 5;
}

function validitySecondsOf(mesh: Mesh, backendName: string): number {
  const backend = mesh.mtls?.backends.find((candidate) => candidate.name === backendName);
  const expiration = backend?.dpCert?.rotation?.expiration;
  const ms = expiration === undefined ? undefined : parseKumaDuration(expiration);
  return ms === undefined || ms <= 0 ? DEFAULT_IDENTITY_VALIDITY_SECONDS : Math.floor(ms / 1000);
}

export interface ProxyIdentitiesOptions {
  /** Default: the current time. */
  readonly clock?: () => Date;
  /**
   * The type of a proxy's key. Default `ecdsa-p256`: Kuma generates RSA-2048 leaf keys, which cost about 140 ms of
   * CPU each, so 5,000 proxies reconnecting to a restarted zone would wait minutes for their certificates; a P-256
   * key costs about a tenth of a millisecond. The CA, the SANs and everything else stay Kuma's.
   */
  readonly keyType?: IdentityKeyType;
  /**
   * Issuances (key generation and signing) running at once; the others queue in arrival order. Default 8: enough
   * to keep libuv's thread pool (4 threads) busy, few enough that other proxies' xDS work interleaves.
   */
  readonly concurrency?: number;
}

/**
 * Proxies' identity certificates, issued in-process by the zone that holds their streams, never stored, cached per
 * proxy, as Kuma's zone does. A certificate is (re)issued when the proxy has none, when the mesh's `mtls` block
 * or CA changed, when the proxy's tag sets changed, and when it is past 4/5 of its life. A proxy keeps its key
 * across re-issues, so a renewal or a CA change only signs again; its first key is generated off the event loop, and
 * its first certificate is made from the last one issued for the same tags (another key, same extensions).
 */
export class ProxyIdentities {
  private readonly cached = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<ProxyIdentity>>();

  private readonly clock: () => Date;
  private readonly keyType: IdentityKeyType;
  private readonly issuing: ConcurrencyLimit;
  /** `<mesh>\n<tags key>` → the last certificate issued for those tags: a new proxy's certificate is made from it. */
  private readonly models = new Map<string, IdentityCertificate>();

  constructor(
    private readonly cas: MeshCaSource,
    options: ProxyIdentitiesOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.keyType = options.keyType ?? IdentityKeyTypes.EcdsaP256;
    this.issuing = new ConcurrencyLimit(options.concurrency ?? 8);
  }

  /** The proxy's current identity, issuing it first if due; concurrent calls for one proxy share one issuance. */
  identityOf(request: ProxyIdentityRequest): Promise<ProxyIdentity> {
    const inFlight = this.pending.get(request.proxy);
    if (inFlight !== undefined) return inFlight;
    const resolving = this.resolve(request).finally(() => this.pending.delete(request.proxy));
    this.pending.set(request.proxy, resolving);
    return resolving;
  }

  /**
   * The proxy's identity at once when nothing is due: it has one, no issuance runs, its mesh's CA is loaded and
   * unchanged (see `MeshCaSource.loadedCaOf`), its tags are the same and it is not yet renewal time. Otherwise
   * `undefined`; then {@link identityOf} (re)issues. Lets a publish of thousands of proxies skip a promise each.
   */
  currentIdentityOf(request: ProxyIdentityRequest): ProxyIdentity | undefined {
    const cached = this.cached.get(request.proxy);
    if (cached === undefined || this.pending.has(request.proxy)) return undefined;
    const ca = this.cas.loadedCaOf(request.mesh);
    return ca === undefined || this.isDue(cached, ca, tagsKeyOf(request.tagSets)) ? undefined : cached.identity;
  }

  private async resolve(request: ProxyIdentityRequest): Promise<ProxyIdentity> {
    const ca = await this.cas.caOf(request.mesh);
    const tagsKey = tagsKeyOf(request.tagSets);
    const cached = this.cached.get(request.proxy);
    if (cached !== undefined && !this.isDue(cached, ca, tagsKey)) return cached.identity;
    return this.issue(request, ca, tagsKey, cached);
  }

  /** When the cached certificate of a proxy is due to be re-issued at the latest (4/5 of its life), if it has one. */
  renewalTime(proxy: string): Date | undefined {
    const identity = this.cached.get(proxy)?.identity;
    return identity === undefined ? undefined : new Date(renewalAt(identity));
  }

  /** Drops a proxy's certificate and key (its stream closed, or mTLS was turned off). */
  forget(proxy: string): void {
    this.cached.delete(proxy);
  }

  private isDue(cached: Cached, ca: MeshCa, tagsKey: string): boolean {
    if (cached.caFingerprint !== ca.fingerprint || cached.tagsKey !== tagsKey) return true;
    return this.clock().getTime() > renewalAt(cached.identity);
  }

  private async issue(request: ProxyIdentityRequest, ca: MeshCa, tagsKey: string, previous: Cached | undefined): Promise<ProxyIdentity> {
    const modelKey = `${request.mesh.name}\n${tagsKey}`;
    const model = previous === undefined ? this.models.get(modelKey) : undefined;
    // the clock is read once a slot is free: a queued issuance is valid from when it is signed
    const { now, certificate } = await this.issuing.run(async () => {
      const now = this.clock();
      const certificate = await issueIdentityCertificate({
        ca: ca.ca,
        mesh: request.mesh.name,
        backend: ca.backend,
        tagSets: request.tagSets,
        validitySeconds: validitySecondsOf(request.mesh, ca.backend),
        now,
        keyType: this.keyType,
        ...(previous === undefined ? {} : { previous: previous.identity.certificate }),
        ...(model === undefined ? {} : { model }),
      });
      return { now, certificate };
    });
    if (this.models.size >= MAX_MODELS) this.models.clear();
    this.models.set(modelKey, certificate);
    const identity: ProxyIdentity = {
      mesh: request.mesh.name,
      backend: ca.backend,
      certificate,
      caPem: ca.ca.chainPem,
      issuedAt: now,
      regenerations: (previous?.identity.regenerations ?? 0) + 1,
    };
    this.cached.set(request.proxy, { identity, caFingerprint: ca.fingerprint, tagsKey });
    return identity;
  }
}
