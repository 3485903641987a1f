/**
 * One resource as a control plane's data source hands it to the REST layer, whatever it is stored in
 * (Postgres rows, the zone's stream-backed store, the GLOBAL replica). The REST layer only reads it.
 */
export interface ResourceRecord {
  /** The `type` field: `Dataplane`. */
  readonly type: string;
  /** Present for mesh-scoped types only; the envelope carries `mesh` exactly when it is present. */
  readonly mesh?: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** RFC 3339; left out of the envelope when absent. */
  readonly creationTime?: string;
  readonly modificationTime?: string;
  /** The resource in Kuma JSON form; its meta fields (type, mesh, name, times, labels) are ignored, the rest is its spec. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** For overviews: the resource's insight in Kuma JSON form (meta fields ignored), when it has one. */
  readonly insight?: Readonly<Record<string, unknown>>;
}

/** One page of records and how many match in all. */
export interface RecordPage {
  readonly total: number;
  readonly items: readonly ResourceRecord[];
}
