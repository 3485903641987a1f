import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

/** Kuma backdates `iat` and `nbf` by 5 s so that a verifier with a slightly slow clock accepts a new token. */
const BACKDATE_SECONDS = 5;

export interface IssueTokenOptions {
  /** The signing key: PEM, PKCS#1 or PKCS#8. */
  readonly signingKeyPem: string;
  /** The key's serial, sent as the `kid` header. */
  readonly serial: number;
  readonly validForSeconds: number;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
}

/**
 * Signs Kuma's token: a JWT, RS256, header `{alg, kid, typ: "JWT"}`; `jti` a random UUID, `iat` = `nbf` = now − 5 s,
 * `exp` = now + validFor, all integer seconds, next to the token kind's own claims.
 */
export async function issueKumaToken(claims: Record<string, unknown>, options: IssueTokenOptions): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const key = createPrivateKey(options.signingKeyPem);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: String(options.serial), typ: 'JWT' })
    .setJti(randomUUID())
    .setIssuedAt(now - BACKDATE_SECONDS)
    .setNotBefore(now - BACKDATE_SECONDS)
    .setExpirationTime(now + options.validForSeconds)
    .sign(key);
}

/** A token Kuma would refuse; `message` is Kuma's reason. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface VerifyTokenOptions {
  /**
   * The signing key stored under `kid` (PEM; HS256 uses its text as the HMAC key), or undefined when there is none.
   * For RS256 it may instead be a verification `KeyObject` the caller parsed once and reuses: parsing a private key
   * PEM costs about a millisecond, ten times the signature check.
   */
  readonly signingKey: (kid: string, alg: 'RS256' | 'HS256') => Promise<string | KeyObject | undefined>;
  /** Kuma's message when the key of `kid` does not exist. */
  readonly missingKeyMessage: (kid: string) => string;
  /** The revoked token ids. */
  readonly revoked: () => Promise<ReadonlySet<string>>;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
}

function joseReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'token has invalid claims: token is not valid yet';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid: crypto/rsa: verification error';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks a token as Kuma's token validator does: RS256 (or the legacy HS256, whose key is the Secret's bytes),
 * a `kid` naming a stored signing key, a good signature, inside its validity, and not revoked. Returns the claims
 * or throws `InvalidTokenError` with Kuma's message.
 */
export async function verifyKumaToken(token: string, options: VerifyTokenOptions): Promise<JWTPayload> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new InvalidTokenError(`could not parse token: ${joseReason(error)}`);
  }
  if (header.alg !== 'RS256' && header.alg !== 'HS256') {
    throw new InvalidTokenError(`unsupported token alg ${String(header.alg)}. Allowed algorithms are RS256 and HS256`);
  }
  if (header.kid === undefined || header.kid === '') throw new InvalidTokenError('JWT token must have kid header');
  const stored = await options.signingKey(header.kid, header.alg);
  if (stored === undefined) throw new InvalidTokenError(options.missingKeyMessage(header.kid));
  let payload: JWTPayload;
  try {
    const key = typeof stored !== 'string' ? stored : header.alg === 'RS256' ? createPublicKey(stored) : new TextEncoder().encode(stored);
    const currentDate = options.now === undefined ? undefined : new Date(options.now * 1000);
    ({ payload } = await jwtVerify(token, key, { algorithms: [header.alg], ...(currentDate === undefined ? {} : { currentDate }) }));
  } catch (error) {
    throw new InvalidTokenError(`could not parse token: ${joseReason(error)}`);
  }
  if (payload.jti !== undefined && (await options.revoked()).has(payload.jti)) throw new InvalidTokenError('token is revoked');
  return payload;
}

/** Kuma's revocation list: a Secret whose data is comma-separated token ids, one trailing newline allowed. */
export function parseRevocations(text: string): ReadonlySet<string> {
  const trimmed = text.endsWith('\n') ? text.slice(0, -1) : text;
  return new Set(trimmed.split(',').filter((id) => id !== ''));
}
