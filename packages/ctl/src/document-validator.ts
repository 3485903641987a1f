import { GlobalScopedResourceTypes, type Violation, decodeResource, parseYamlDocuments, validateResource } from '@kumiko/api';

/** The verdict on one YAML document of a `kumikoctl validate` input. */
export interface DocumentReport {
  /** The document's `type` as written; `null` when it is absent or not a string. */
  readonly type: string | null;
  /**
   * The document's `mesh` as written; `null` when it is absent or not a string, and always `null` for a
   * global-scoped type (Mesh, Zone, ZoneIngress, ZoneEgress, ZoneInsight), which lives outside any mesh.
   */
  readonly mesh: string | null;
  /** The document's `name` as written; `null` when it is absent or not a string. */
  readonly name: string | null;
  /** True when the document decodes and has no violation. */
  readonly valid: boolean;
  /**
   * Decode issues (wrong JSON types, unknown or missing `type`) when the document does not decode, otherwise
   * Kuma's validation violations; Kuma's field paths, in Kuma's order. Empty exactly when `valid`.
   */
  readonly violations: readonly Violation[];
  /** 1-based position of the document in the input, empty documents included (for messages). */
  readonly document: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
}

function stringField(object: unknown, key: string): string | null {
  if (typeof object !== 'object' || object === null) return null;
  const value: unknown = (object as Readonly<Record<string, unknown>>)[key];
  return typeof value === 'string' ? value : null;
}

const globalScopedTypes: ReadonlySet<string> = GlobalScopedResourceTypes;

/** Whether `type` names a global-scoped resource type (one without a mesh). */
export function isGlobalScopedType(type: string | null): boolean {
  return type !== null && globalScopedTypes.has(type);
}

/**
 * Decodes and validates every document of a `---`-separated YAML text, in input order, the way Kuma's REST
 * API judges a resource written with `kumactl apply` (without the URL checks).
 *
 * Empty documents (a bare or trailing `---`, only comments, or a `null` document — `parseYamlDocuments`
 * cannot tell these apart) are skipped, as kubectl does; any other document is reported, so a scalar or
 * a list is an invalid document (`expected a resource object, got string`). An empty input yields `[]`.
 * Throws `YamlParseError` (with line and column) when the text is not YAML; never throws otherwise.
 */
export function validateDocuments(text: string): DocumentReport[] {
  return parseYamlDocuments(text).map(({ value, index, line }) => {
    const type = stringField(value, 'type');
    const decoded = decodeResource(value);
    const violations = decoded.ok ? validateResource(decoded.value) : [...decoded.issues];
    return {
      type,
      mesh: isGlobalScopedType(type) ? null : stringField(value, 'mesh'),
      name: stringField(value, 'name'),
      valid: violations.length === 0,
      violations,
      document: index + 1,
      line,
    };
  });
}
