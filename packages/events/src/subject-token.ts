/**
 * Reversible escaping of one NATS subject token.
 *
 * A NATS token must be non-empty and must not contain `.`, `*`, `>` or white space; resource names
 * may contain dots (and, from other sources, anything). Every byte outside `[A-Za-z0-9_-]` is written
 * as `~XX` (upper-case hex of its UTF-8 bytes), `~` included, so:
 *  - distinct names always give distinct tokens, and `unescapeToken(escapeToken(s)) === s`;
 *  - the lone token `~` is never produced by escaping, which makes it free to mean "no mesh";
 *  - typical names (`backend`, `dp-1`, `zone-1`) stay readable: only `.` and rarer bytes are escaped.
 * The empty string escapes to `~` + nothing would be ambiguous, so it is refused.
 */
const PLAIN = /^[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class SubjectTokenError extends Error {
  override readonly name = 'SubjectTokenError';
  readonly code = 'INVALID_SUBJECT_TOKEN';
}

export function escapeToken(value: string): string {
  if (value === '') throw new SubjectTokenError('a subject token cannot be empty');
  if (PLAIN.test(value)) return value;
  let out = '';
  for (const char of value) {
    if (/[A-Za-z0-9_-]/.test(char)) {
      out += char;
      continue;
    }
    for (const byte of encoder.encode(char)) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function unescapeToken(token: string): string {
  if (token === '') throw new SubjectTokenError('a subject token cannot be empty');
  if (PLAIN.test(token)) return token;
  const bytes: number[] = [];
  for (let i = 0; i < token.length;) {
    const char = token[i] ?? '';
    if (char === '~') {
      const hex = token.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) throw new SubjectTokenError(`malformed escape in subject token ${JSON.stringify(token)}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else if (/[A-Za-z0-9_-]/.test(char)) {
      bytes.push(char.charCodeAt(0));
      i += 1;
    } else {
      throw new SubjectTokenError(`unexpected character ${JSON.stringify(char)} in subject token ${JSON.stringify(token)}`);
    }
  }
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch (cause) {
    throw new SubjectTokenError(`subject token ${JSON.stringify(token)} is not UTF-8`, { cause });
  }
}
