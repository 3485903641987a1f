import {
  ErrorTitles,
  invalidOffsetErrorBody,
  invalidPageSizeFormatErrorBody,
  MAX_PAGE_SIZE,
  pageSizeTooLargeErrorBody,
  validationErrorBody,
  type FieldViolation,
  type ParseResult,
} from '@kumiko/api';

/** Kuma's default page size. */
export const DEFAULT_PAGE_SIZE = 100;

/** A list request's paging and filters, as Kuma's API server reads them on a zone CP. */
export interface ZoneListRequest {
  readonly size: number;
  readonly offset: number;
  /** `name`: substring of the name; `''` when absent. */
  readonly nameContains: string;
  /** `filter[labels.<key>]=<value>`: exact. */
  readonly labels: Readonly<Record<string, string>>;
}


/** `strconv.Atoi`: optional sign and decimal digits only. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Reads paging and label filters in Kuma's order — page size, label filters, then the offset — and answers
 * Kuma's 400 bodies (`Invalid page size`, `Resource is not valid` at `<route>.filter[…]`, `Invalid offset`).
 * `routePath` is the route as Kuma names it, e.g. `/meshes/{mesh}/dataplanes`. Pure.
 */
export function parseZoneListRequest(query: URLSearchParams, routePath: string): ParseResult<ZoneListRequest> {
  const title = ErrorTitles.retrieveResources;
  let size = DEFAULT_PAGE_SIZE;
  const sizeText = query.get('size');
  if (sizeText !== null && sizeText !== '') {
    const parsed = atoi(sizeText);
    if (parsed === undefined || parsed < 1) return { ok: false, error: invalidPageSizeFormatErrorBody(title) };
    if (parsed > MAX_PAGE_SIZE) return { ok: false, error: pageSizeTooLargeErrorBody(parsed, title) };
    size = parsed;
  }
  const violations: FieldViolation[] = [];
  const labels: Record<string, string> = {};
  for (const key of [...new Set(query.keys())].sort()) {
    if (!key.startsWith('filter[')) continue;
    const field = `${routePath}.${key}`;
    if (!key.startsWith('filter[labels.')) {
      violations.push({ field, message: 'filters are only supported on labels' });
      continue;
    }
    const closing = key.indexOf(']');
    if (closing !== key.length - 1) {
      violations.push({ field, message: 'advanced filters are not supported' });
      continue;
    }
    labels[key.slice('filter[labels.'.length, closing)] = query.getAll(key).at(-1) ?? '';
  }
  if (violations.length > 0) return { ok: false, error: validationErrorBody(violations, title) };
  let offset = 0;
  const offsetText = query.get('offset');
  if (offsetText !== null && offsetText !== '') {
    const parsed = atoi(offsetText);
    if (parsed === undefined || parsed < 0) return { ok: false, error: invalidOffsetErrorBody(title) };
    offset = parsed;
  }
  return { ok: true, value: { size, offset, nameContains: query.get('name') ?? '', labels } };
}

/** Items sorted by (mesh, name) as Kuma's pagination store does, filtered, then one page of them. Pure. */
export function pageOf<T extends { readonly mesh?: string; readonly name: string; readonly labels: Readonly<Record<string, string>> }>(
  items: readonly T[],
  request: ZoneListRequest,
): { readonly total: number; readonly items: T[] } {
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const matching = items
    .filter((item) => item.name.includes(request.nameContains))
    .filter((item) => Object.entries(request.labels).every(([key, value]) => item.labels[key] === value))
    .sort((a, b) => compare(a.mesh ?? '', b.mesh ?? '') || compare(a.name, b.name));
  return { total: matching.length, items: matching.slice(request.offset, request.offset + request.size) };
}
