import type { z } from 'zod';
import type { Decoder } from '../decoding/schema-decoder.js';
import type { StringMap } from '../resources/resource-envelope.js';
import type { ProxyType } from '../tags.js';
import type { Violation } from '../validation/violation.js';

/** Where a type lives: inside one mesh (`/meshes/{mesh}/<plural>`), or outside any (`/<plural>`). */
export const Scopes = { global: 'global', mesh: 'mesh' } as const;
export type Scope = (typeof Scopes)[keyof typeof Scopes];

/**
 * Which control plane accepts writes of a type. Kuma's multizone rule: what a zone owns (its proxies) is
 * read-only on the global, what the global owns (meshes, zones) is read-only on a zone.
 */
export const Owners = { zone: 'zone', global: 'global' } as const;
export type Owner = (typeof Owners)[keyof typeof Owners];

/** The smallest shape every resource shares; descriptors are generic over it. */
export interface ResourceShape {
  readonly type: string;
  readonly name: string;
  readonly labels: StringMap;
  readonly mesh?: string;
}

/** One column of a resource table (`kumikoctl get`, the GUI's lists). */
export interface DisplayColumn<T> {
  readonly header: string;
  /** The cell's text; `now` is for relative times. */
  cell(resource: T, now: Date): string;
}

/**
 * How a zone-owned type travels on the ZONES stream. Event names are part of the stored wire format:
 * `<Type>Upserted` / `<Type>Deleted`, and the resource sits in `data[payloadField]`.
 */
export interface ZoneEventNames {
  readonly upserted: string;
  /** Absent when the type is never deleted on its own (insights go with their proxy). */
  readonly deleted?: string;
  readonly payloadField: string;
}

/**
 * What a zone-owned type does with its zone name. The zone CP stamps a resource before publishing it (as
 * Kuma's zone CP does on write); the global CP checks the payload's own zone claims against the
 * authenticated subject (a mismatch is rejected, never trusted) and pins the subject's zone into it.
 */
export interface ZoneOrigin<T> {
  readonly events: ZoneEventNames;
  /** Tag sets that may carry `kuma.io/zone`. */
  tagSets(resource: T): readonly StringMap[];
  /** The zone the spec itself names, where the type has such a field. */
  specZone?(resource: T): string;
  /** What the owning zone CP stores and publishes. Returns a new object; never mutates. */
  stamp(resource: T, zone: string): T;
  /** What the global CP stores for a resource its subject's zone published. Returns a new object. */
  pin(resource: T, zone: string): T;
}

/**
 * How Kuma presents a type together with its insight (`DataplaneOverview`, `ZoneOverview` …): the overview's
 * `type`, the field that nests the spec, the field that nests the insight, and the legacy collection path
 * segment Kuma still serves overviews under (`dataplanes+insights`, `zoneegressoverviews`).
 */
export interface OverviewKind {
  readonly type: string;
  readonly specField: string;
  readonly insightField: string;
  /** The type of the nested insight, when Kumiko keeps one for this type. */
  readonly insightType?: string;
  readonly legacyPlural: string;
}

/**
 * What Kuma's catalogues (`GET /_resources`, `GET /policies`) say of a policy type: how it selects proxies
 * (a top-level `targetRef`, and `to` / `from` / `rules` sections) and whether it is still experimental.
 */
export interface PolicyTraits {
  /** Selects proxies with `targetRef` (the new policies) rather than `sources` / `destinations`. */
  readonly isTargetRef: boolean;
  /** Has a `to` section: it can act on a proxy's outbounds. */
  readonly hasToTargetRef: boolean;
  /** Has a `from` section: it can act on a proxy's inbounds. */
  readonly hasFromTargetRef: boolean;
  /** Has a `rules` section (inbound rules without a `from` selector). */
  readonly hasRulesTargetRef: boolean;
  /** Its `from` entries are read as `rules` for backward compatibility. */
  readonly isFromAsRules: boolean;
  readonly isExperimental: boolean;
}

/**
 * Everything the control planes need to know about one resource type. The registry holds one per type;
 * decoding, validation, REST routes, event encoding, projection and sync are all driven from it.
 *
 * Functions are declared as methods, so a descriptor of one type is usable where any descriptor is.
 */
export interface ResourceTypeDescriptor<T extends ResourceShape> {
  /** The `type` field: `Dataplane`. */
  readonly name: T['type'];
  /** The REST path segment of its collection: `dataplanes`. */
  readonly plural: string;
  /** Other path segments Kuma also serves it under: `zone-ingresses`. */
  readonly pathAliases: readonly string[];
  /** How Kuma names one resource of the type to people (`Zone Ingress`), as its type catalogue lists it. */
  readonly singularDisplayName: string;
  /** How Kuma names several (`Zone Ingresses`). */
  readonly pluralDisplayName: string;
  /** Kuma's short name of the type (`dp`, `zi`); empty for types Kuma gives none. */
  readonly shortName: string;
  /**
   * Kuma lists the type as part of a federation export (what to copy onto a new global): user-written
   * configuration the global sends to zones. Meshes and policies are; proxies, zones and insights are not.
   */
  readonly includeInFederation: boolean;
  /**
   * Only admins may read or write it, on every control plane (Kuma's `AdminOnly` types: Secrets). Other users get
   * 403 `Access Denied`.
   */
  readonly adminOnly?: boolean;
  /** Present for policy types: what the policy catalogue says of it. */
  readonly policy?: PolicyTraits;
  readonly scope: Scope;
  readonly owner: Owner;
  /** Written by control planes only (insights): never accepted from users over REST. */
  readonly computed: boolean;
  /** The `<kind>` token of its NATS subjects: `dataplane`. */
  readonly subjectKind: string;
  /** Replicated zone → global (ZONES stream, projected) and/or global → zone (GLOBAL stream). */
  readonly sync: { readonly zoneToGlobal: boolean; readonly globalToZone: boolean };
  /**
   * For a type synced global → zone, which of its resources travel, by name (Kuma's per-type KDS filter):
   * `false` keeps the resource, and its deletion, on the global CP. Absent: all of them. The outbox relay is
   * the one place that applies it, so nothing else may publish to the GLOBAL stream.
   */
  globalToZoneFilter?(name: string): boolean;
  /** The kuma-dp `--proxy-type` that registers with this type, if any. */
  readonly proxyType?: 'dataplane' | 'ingress' | 'egress';
  /** Proxy types only: the `kuma.io/proxy-type` label Kuma computes on write. */
  proxyTypeLabel?(resource: T): ProxyType;
  readonly schema: z.ZodType<T>;
  readonly decode: Decoder<T>;
  /** Kuma's spec validation (`Validate()`); `[]` for types without rules. The caller owns the array. */
  validate(resource: T): Violation[];
  /**
   * Kuma's deprecation warnings (`Deprecations()`) that a successful PUT answers with. Absent: the type has
   * none. The caller owns the returned array.
   */
  deprecations?(resource: T): string[];
  /** Kuma JSON form (durations as strings …). Absent: the decoded object already is its JSON form. */
  toJson?(resource: T): object;
  readonly columns: readonly DisplayColumn<T>[];
  /** Present for types Kuma serves overviews of (`<collection>/_overview`, `<collection>/:name/_overview`). */
  readonly overview?: OverviewKind;
  /** Present for zone-owned types that travel zone → global. */
  readonly zoneOrigin?: ZoneOrigin<T>;
}
