/**
 * Why `text` cannot be a JWT (compact serialisation: three base64url parts, the first a JSON header naming its
 * `alg`), or `undefined` when it has that shape. Nothing is verified: as kuma-dp, the agent only catches a token
 * that was mangled on the way (a line break inside it, a wrong file) before the CP turns it down on every stream.
 * The reason never quotes the token.
 */
export function jwtShapeProblem(text: string): string | undefined {
  if (/\s/.test(text)) return 'it contains blank characters (a line break inside the token?)';
  const parts = text.split('.');
  if (parts.length !== 3) return `expected three dot-separated parts (header.payload.signature), found ${parts.length}`;
  const [header64 = '', payload64 = '', signature64 = ''] = parts;
  if (![header64, payload64].every((part) => /^[A-Za-z0-9_-]+$/.test(part)) || !/^[A-Za-z0-9_-]*$/.test(signature64))
    return 'a part is empty or not base64url';
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8'));
  } catch {
    return 'its header is not JSON';
  }
  const alg = typeof header === 'object' && header !== null ? (header as Record<string, unknown>)['alg'] : undefined;
  if (typeof alg !== 'string' || alg === '') return 'its header names no alg';
  return undefined;
}
