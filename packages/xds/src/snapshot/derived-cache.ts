import type { Dataplane, StringMap } from '@kumiko/api';
import type { Endpoint } from '../generate/endpoint-map-builder.js';
import type { Filter } from '../generated/envoy/config/listener/v3/listener_components.js';
import type { GeneratedResource } from './generated-resource.js';
import type { ResourceReferences } from './resource-references.js';
import type { SnapshotResource } from './xds-snapshot.js';

/**
 * Every memo of the package that is keyed by an input object rather than by a view: the one place
 * that owns them, so what is cached, and why that is safe, reads in one file.
 *
 * Two caching layers exist, and only two:
 *
 * - `SharedResourceCache` (generate/shared-resource-cache.ts) holds what is derived from a view —
 *   per view and per xDS server, dropped when the next view arrives (resources whose fingerprint is
 *   unchanged carry over one view).
 * - These memos hold what is derived from one immutable object alone. They outlive views on
 *   purpose: a new view keeps its unchanged Dataplanes, tag maps and resources (the same objects),
 *   and the text, endpoints or bytes derived from them are reused instead of rebuilt. That reuse is
 *   what keeps a one-endpoint change cheap for the other 999 services.
 *
 * Why each memo is safe, for all of them:
 *
 * 1. The key is never mutated after it is made (decoded resources, generated messages and snapshot
 *    resources are immutable by contract; callers must not mutate what generators return), so the
 *    memoised value never goes stale.
 * 2. The value is a pure function of the key (and of the string sub-key, where there is one), so a
 *    hit returns what a recomputation would: the memos are invisible in every output.
 * 3. They are WeakMaps: an entry lives exactly as long as its key is reachable from a live view or
 *    snapshot, so memory follows the current topology with no eviction policy to get wrong.
 *
 * Each entry below says which function owns it; only that function reads or writes it.
 */

/** `stableTextOf`: the key-sorted JSON text of an immutable object, for fingerprints and hashes. */
export const stableTexts = new WeakMap<object, string>();

/** `endpointsFingerprint`: one endpoint's text; endpoints are reused across views (see below). */
export const endpointTexts = new WeakMap<Endpoint, string>();

/** Endpoint sorting and fingerprints: `tagsToString` of a tag map (a Dataplane's tags keep their identity). */
export const tagTexts = new WeakMap<StringMap, string>();

/**
 * `buildEndpointMap`: a Dataplane's endpoints, per parameter text (weight, locality awareness, zone,
 * extra tags). The same Endpoint objects in the next view are what lets `endpointTexts` hit.
 */
export const endpointsByDataplane = new WeakMap<Dataplane, Map<string, readonly Endpoint[]>>();

/**
 * Remote (ZoneIngress) and egress endpoints: one Endpoint per available-service entry and parameter
 * text, for the same reason as `endpointsByDataplane`.
 */
export const endpointsByOwner = new WeakMap<object, Map<string, Endpoint>>();

/** `referencesOf`: the names a generated resource refers to; read by every consistency check. */
export const resourceReferences = new WeakMap<GeneratedResource, ResourceReferences>();

/** The names one network filter refers to (decoding its packed config is the costly part). */
export interface FilterReferences {
  readonly clusters: Set<string>;
  readonly routes: Set<string>;
  readonly loadAssignments: Set<string>;
}

/** `referencesOf`: per Filter object, since zone proxies reuse unchanged filter chains. */
export const filterReferences = new WeakMap<Filter, FilterReferences>();

/**
 * `encodeResource`: a resource's bytes and content-hash version. A resource shared by many proxies
 * is encoded and hashed once, and every snapshot holding it holds the same SnapshotResource — which
 * is what the two frame memos below are keyed by.
 */
export const encodedResources = new WeakMap<GeneratedResource, SnapshotResource>();

/**
 * `encodeDiscoveryResponse`: a resource's `Any` framing in a state-of-the-world response, built once
 * and shared by every stream that sends it. A SnapshotResource belongs to exactly one type URL.
 */
export const sotwFrames = new WeakMap<SnapshotResource, Uint8Array>();

/** `encodeDeltaDiscoveryResponse`: a resource's `Resource` wrapper in a delta response, as `sotwFrames`. */
export const deltaFrames = new WeakMap<SnapshotResource, Uint8Array>();
