import type { ParseResult, ResourceType } from '@kumiko/api';
import type { DeleteOutcome } from './delete-outcome.js';
import type { ListRequest } from './list-request.js';
import type { RecordPage, ResourceRecord } from './resource-record.js';

/** Which resource a request names: `mesh` for mesh-scoped types only. */
export interface ResourceKey {
  readonly mesh?: string;
  readonly name: string;
}

/** A list request as the source answers it: paging and filters, plus where and what to list. */
export interface SourceListQuery extends ListRequest {
  /** Mesh-scoped types: the mesh of `/meshes/{mesh}/…`; absent across meshes and for global-scoped types. */
  readonly mesh?: string;
  /** An overview is asked for: records carry their insight, where there is one. */
  readonly withInsight: boolean;
}

/** Writes of one type, on the control plane that owns it. */
export interface ResourceWriter {
  /**
   * `PUT`: `body` is the request body as text, unparsed (the writer decodes and validates it as Kuma does).
   * Resolves to whether it created the resource (201) or replaced it (200) with Kuma's deprecation warnings
   * of what was written (answered as `{"warnings": […]}`, or `{}` when there are none), or to the error body.
   */
  put(key: ResourceKey, body: unknown): Promise<ParseResult<{ readonly created: boolean; readonly warnings?: readonly string[] }>>;
  delete(key: ResourceKey): Promise<DeleteOutcome>;
}

/**
 * What one control plane serves the registry's resource types from. Reads may answer synchronously (an
 * in-memory store) or not (Postgres). Anything a method throws answers 500 and is logged.
 */
export interface ResourceSource {
  /** The types served on GET; other types' collections are unknown paths (404). */
  readonly readable: readonly ResourceType[];
  /** One page of `type`, filtered and sorted as Kuma's store does (by mesh, then name). */
  list(type: ResourceType, query: SourceListQuery): Promise<RecordPage> | RecordPage;
  /**
   * One resource, or `undefined`. It must answer Meshes whatever `readable` says: the routes resolve the mesh
   * of every mesh-scoped path through it first, as Kuma does (a missing mesh answers 404 before anything else).
   */
  get(
    type: ResourceType,
    key: ResourceKey,
    options: { readonly withInsight: boolean },
  ): Promise<ResourceRecord | undefined> | ResourceRecord | undefined;
  /**
   * Writers of the types this control plane owns and accepts from users. A type without one answers PUT
   * and DELETE with 405 and Kuma's read-only message; a writer for a type the other control plane owns, or
   * a computed one, is a programming error: the API then fails to start.
   */
  readonly writers: Readonly<Partial<Record<ResourceType, ResourceWriter>>>;
}
