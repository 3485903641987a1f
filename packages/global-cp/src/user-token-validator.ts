import type { Kysely } from 'kysely';
import { GlobalSecretNames } from '@kumiko/api';
import { missingSigningKeyMessage, parseRevocations, signingPublicKeyPem, verifyUserToken } from '@kumiko/pki';
import type { KumikoDatabase } from '@kumiko/store';
import { readGlobalSecretText } from './global-secret-input.js';

export interface UserTokenValidatorOptions {
  /** How long a signing key, once found, is reused without reading it again. Default 60 s. */
  readonly signingKeyCacheMs?: number;
  /** How long the revocation list is reused without reading it again. Default 1 s. */
  readonly revocationsCacheMs?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
}

/** The user a valid token authenticates; `groups` is `[]` when the token names none. */
export interface UserTokenIdentity {
  readonly name: string;
  readonly groups: readonly string[];
}

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * Kuma's user-token validator on the global CP: a token is checked with the public half of the GlobalSecret
 * `user-token-signing-key-<kid>` and against the GlobalSecret `user-token-revocations`. `verify` returns the user
 * or throws pki's `InvalidTokenError` with Kuma's message (an unknown kid names the missing GlobalSecret).
 *
 * Caching: a found signing key is kept for `signingKeyCacheMs` (keys change rarely; deleting one stops its tokens
 * within that time), a kid without a key is never cached, so a key added by rotation is used at once. The
 * revocation list is re-read at most every `revocationsCacheMs`, so a revoked token stops working within about a
 * second on every global instance without a query per request.
 */
export class UserTokenValidator {
  private readonly keys = new Map<string, Cached<string>>();
  private revocations: Cached<ReadonlySet<string>> | undefined;
  private readonly signingKeyCacheMs: number;
  private readonly revocationsCacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    options: UserTokenValidatorOptions = {},
  ) {
    this.signingKeyCacheMs = options.signingKeyCacheMs ?? 60_000;
    this.revocationsCacheMs = options.revocationsCacheMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<UserTokenIdentity> {
    const claims = await verifyUserToken(token, {
      signingKey: (kid) => this.publicKey(kid),
      missingKeyMessage: (kid) => missingSigningKeyMessage(kid, this.keyName(kid)),
      revoked: () => this.revoked(),
    });
    return { name: claims.name, groups: claims.groups ?? [] };
  }

  /** Kuma's lookup: `<prefix>-<kid>` as written, the bare prefix for kid `0` (legacy). */
  private keyName(kid: string): string {
    const prefix = GlobalSecretNames.userTokenSigningKeyPrefix;
    return kid === '0' ? prefix : `${prefix}-${kid}`;
  }

  private async publicKey(kid: string): Promise<string | undefined> {
    const cached = this.keys.get(kid);
    if (cached !== undefined && cached.until > this.now()) return cached.value;
    const pem = await readGlobalSecretText(this.db, this.keyName(kid));
    if (pem === undefined) {
      this.keys.delete(kid);
      return undefined;
    }
    const value = signingPublicKeyPem(pem);
    this.keys.set(kid, { value, until: this.now() + this.signingKeyCacheMs });
    return value;
  }

  private async revoked(): Promise<ReadonlySet<string>> {
    if (this.revocations !== undefined && this.revocations.until > this.now()) return this.revocations.value;
    const text = await readGlobalSecretText(this.db, GlobalSecretNames.userTokenRevocations);
    const value = parseRevocations(text ?? '');
    this.revocations = { value, until: this.now() + this.revocationsCacheMs };
    return value;
  }
}
