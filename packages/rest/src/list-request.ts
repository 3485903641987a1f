import {
  ErrorTitles,
  invalidOffsetErrorBody,
  invalidPageSizeFormatErrorBody,
  MAX_PAGE_SIZE,
  pageSizeTooLargeErrorBody,
  validationErrorBody,
  type FieldViolation,
  type GatewayFilter,
  type ParseResult,
  type TagCondition,
} from '@kumiko/api';

/** Kuma's default page size. */
export const DEFAULT_PAGE_SIZE = 100;

/** A list request's paging and filters, as Kuma's API server reads them. */
export interface ListRequest {
  readonly size: number;
  readonly offset: number;
  /** `name`: substring of the name; `''` when absent. */
  readonly nameContains: string;
  /** `filter[labels.<key>]=<value>`: exact. */
  readonly labels: Readonly<Record<string, string>>;
  /** `tag=<key>:<value>` (Dataplanes). */
  readonly tags: readonly TagCondition[];
  /** `gateway=` (Dataplanes). */
  readonly gateway: GatewayFilter;
}

export interface ListRequestOptions {
  /** The route as Kuma names it in violation fields, e.g. `/meshes/{mesh}/dataplanes`. */
  readonly routePath: string;
  /** Read `filter[labels.…]` (resource lists do; service insights do not). Default true. */
  readonly labelFilters?: boolean;
  /** Read `tag` and `gateway` (Dataplane lists). Default false. */
  readonly dataplaneFilters?: boolean;
  readonly title?: string;
}

/** `strconv.Atoi`: optional sign and decimal digits only. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const GATEWAY_MODES: Readonly<Record<string, GatewayFilter>> = {
  '': 'any',
  true: 'gateway',
  false: 'not-gateway',
  builtin: 'builtin',
  delegated: 'delegated',
};

/**
 * Reads paging and filters in Kuma's order — page size, label filters, gateway mode, then the offset (which
 * Kuma's store checks last) — and answers Kuma's 400 bodies: `Invalid page size` (`invalid format`, or over
 * the maximum of 1000), `Resource is not valid` for filters (field `<route>.<parameter>`), `Invalid offset`.
 * A size or offset below zero, which Kuma does not guard against, counts as a bad format. Pure.
 */
export function parseListRequest(query: URLSearchParams, options: ListRequestOptions): ParseResult<ListRequest> {
  const title = options.title ?? ErrorTitles.retrieveResources;
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
  if (options.labelFilters ?? true) {
    for (const key of [...new Set(query.keys())].sort()) {
      if (!key.startsWith('filter[')) continue;
      const field = `${options.routePath}.${key}`;
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
  }
  if (violations.length > 0) return { ok: false, error: validationErrorBody(violations, title) };

  const tags: TagCondition[] = [];
  let gateway: GatewayFilter = 'any';
  if (options.dataplaneFilters ?? false) {
    const mode = (query.get('gateway') ?? '').toLowerCase();
    const filter = GATEWAY_MODES[mode];
    if (filter === undefined) {
      return {
        ok: false,
        error: validationErrorBody(
          [
            {
              field: `${options.routePath}.gateway`,
              message: `shoud use \`true\`, \`false\`, 'builtin' or 'delegated' instead of ${mode}`,
            },
          ],
          title,
        ),
      };
    }
    gateway = filter;
    // Kuma keeps the last value per key and ignores values without a ':'.
    const byKey = new Map<string, string>();
    for (const value of query.getAll('tag')) {
      const separator = value.indexOf(':');
      if (separator >= 0) byKey.set(value.slice(0, separator), value.slice(separator + 1));
    }
    for (const [key, value] of byKey) tags.push({ key, value });
  }

  let offset = 0;
  const offsetText = query.get('offset');
  if (offsetText !== null && offsetText !== '') {
    const parsed = atoi(offsetText);
    if (parsed === undefined || parsed < 0) return { ok: false, error: invalidOffsetErrorBody(title) };
    offset = parsed;
  }
  return { ok: true, value: { size, offset, nameContains: query.get('name') ?? '', labels, tags, gateway } };
}
