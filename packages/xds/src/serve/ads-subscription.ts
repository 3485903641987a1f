import { TypeUrls, type TypeUrl } from '../snapshot/xds-snapshot.js';

/** Resource names that ask for "everything of this type". */
export const WILDCARD = '*';

/**
 * Types whose SotW responses must carry every subscribed resource: an absent one is deleted
 * (xDS protocol, "Grouping Resources into Responses"; grpc-js `allResourcesRequiredInSotW`).
 * They are also the only types where a client's first empty name list means legacy wildcard.
 */
export const FULL_STATE_TYPES: ReadonlySet<string> = new Set<string>([TypeUrls.Listener, TypeUrls.Cluster]);

const KNOWN_TYPES: ReadonlySet<string> = new Set<string>(Object.values(TypeUrls));

export function isKnownTypeUrl(typeUrl: string): typeUrl is TypeUrl {
  return KNOWN_TYPES.has(typeUrl);
}

/**
 * What one stream subscribed to for one type. Wildcard follows the xDS rules: `*` among the
 * names, or (LDS/CDS only) an empty list while the client has never named anything on the stream
 * (legacy wildcard). Once names were sent, an empty list unsubscribes everything.
 */
export class ResourceSubscription {
  wildcard = false;
  readonly names = new Set<string>();
  private everNamed = false;

  constructor(private readonly typeUrl: string) {}

  /** Whether `name` is part of the subscription. */
  includes(name: string): boolean {
    return this.wildcard || this.names.has(name);
  }

  /**
   * Replaces the subscription with a SotW request's full name list. Returns the newly named
   * resources and whether anything changed (names or wildcard).
   */
  replace(resourceNames: readonly string[]): { added: string[]; changed: boolean } {
    const wasWildcard = this.wildcard;
    if (resourceNames.length === 0 && !this.everNamed) {
      this.wildcard = FULL_STATE_TYPES.has(this.typeUrl);
      return { added: [], changed: this.wildcard !== wasWildcard };
    }
    this.everNamed = true;
    const next = new Set(resourceNames);
    this.wildcard = next.delete(WILDCARD);
    const added = [...next].filter((name) => !this.names.has(name));
    const removed = [...this.names].filter((name) => !next.has(name));
    for (const name of removed) this.names.delete(name);
    for (const name of added) this.names.add(name);
    return { added, changed: added.length > 0 || removed.length > 0 || this.wildcard !== wasWildcard };
  }

  /**
   * Applies a delta request's subscribe/unsubscribe lists; `subscribed` lists every name of the
   * subscribe list (already subscribed or not: a delta subscribe must always be answered). On a
   * type's first request an empty subscribe list is legacy wildcard for LDS/CDS.
   */
  change(subscribe: readonly string[], unsubscribe: readonly string[], first: boolean): { subscribed: string[]; unsubscribed: string[] } {
    if (first && subscribe.length === 0 && FULL_STATE_TYPES.has(this.typeUrl)) this.wildcard = true;
    const subscribed: string[] = [];
    const unsubscribed: string[] = [];
    for (const name of subscribe) {
      if (name === WILDCARD) this.wildcard = true;
      else {
        this.names.add(name);
        subscribed.push(name);
      }
    }
    for (const name of unsubscribe) {
      if (name === WILDCARD) this.wildcard = false;
      else if (this.names.delete(name)) unsubscribed.push(name);
    }
    return { subscribed, unsubscribed };
  }
}
