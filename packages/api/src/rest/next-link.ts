/** Go's `url.QueryEscape`: everything but letters, digits and `-_.~` is percent-encoded; space is `+`. */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Kuma's `nextLink`: the same URL with `offset` set to the next page's, the query encoded as Go's
 * `url.Values.Encode` does (keys sorted, values in their order); `null` when there is no next page.
 */
export function nextLink(
  base: { readonly protocol: string; readonly host: string; readonly path: string },
  query: URLSearchParams,
  nextOffset: number | undefined,
): string | null {
  if (nextOffset === undefined) return null;
  const values = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === 'offset') continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  values.set('offset', [String(nextOffset)]);
  const encoded = [...values.keys()]
    .sort()
    .flatMap((key) => (values.get(key) ?? []).map((value) => `${queryEscape(key)}=${queryEscape(value)}`))
    .join('&');
  return `${base.protocol}://${base.host}${base.path}?${encoded}`;
}

/** The offset of the page after `[offset, offset + size)` of `total`, if any (Kuma's pagination). */
export function nextOffset(offset: number, size: number, total: number): number | undefined {
  return offset + size < total ? offset + size : undefined;
}
