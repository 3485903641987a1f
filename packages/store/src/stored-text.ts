/** Most characters of a rejection's reason that are stored and logged. */
export const REJECTION_REASON_LIMIT = 1_000;
/** Most bytes of a rejected payload whose text is kept as its excerpt. */
export const PAYLOAD_EXCERPT_BYTES = 512;

const decoder = new TextDecoder();

/**
 * `value` as a Postgres `text` column can hold it and a log line should show it: NUL (which `text`
 * refuses) spelled `\u0000`, at most `limit` characters (then `…`). Lone surrogates are replaced
 * when the string is encoded as UTF-8, so they need nothing here.
 */
export function storableText(value: string, limit: number = REJECTION_REASON_LIMIT): string {
  const clipped = value.length > limit ? `${value.slice(0, limit)}…` : value;
  return clipped.includes('\u0000') ? clipped.replaceAll('\u0000', '\\u0000') : clipped;
}

/** The first bytes of a payload as storable text: invalid UTF-8 becomes U+FFFD, NUL becomes `\u0000`. */
export function payloadExcerpt(data: Uint8Array): string {
  const head = data.subarray(0, PAYLOAD_EXCERPT_BYTES);
  const text = storableText(decoder.decode(head), PAYLOAD_EXCERPT_BYTES);
  return data.length > PAYLOAD_EXCERPT_BYTES ? `${text}… (${data.length} bytes)` : text;
}
