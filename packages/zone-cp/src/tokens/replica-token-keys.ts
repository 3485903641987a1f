import { GlobalSecretNames } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { missingSigningKeyMessage, parseRevocations, type VerifyTokenOptions } from '@kumiko/pki';
import type { GlobalReplica } from '../global-replica.js';

/** The text of a GlobalSecret the global CP sent this zone, or undefined when it has none of that name. */
function globalSecretText(replica: Pick<GlobalReplica, 'get'>, name: string): string | undefined {
  const found = replica.get(SubjectKinds.GlobalSecret, name);
  if (found?.type !== 'GlobalSecret' || found.data === undefined) return undefined;
  return Buffer.from(found.data, 'base64').toString('utf8');
}

/** Which family of global tokens: the public-key prefix and revocation list the global sends zones for it. */
export type GlobalTokenKind = 'user' | 'zone';

const FAMILIES: Readonly<Record<GlobalTokenKind, { readonly publicKeyPrefix: string; readonly revocations: string }>> = {
  user: { publicKeyPrefix: GlobalSecretNames.userTokenSigningPublicKeyPrefix, revocations: GlobalSecretNames.userTokenRevocations },
  zone: { publicKeyPrefix: GlobalSecretNames.zoneTokenSigningPublicKeyPrefix, revocations: GlobalSecretNames.zoneTokenRevocations },
};

/** What a zone checks a global token with: its keys by `kid`, Kuma's message for a missing one, its revocations. */
export type GlobalTokenKeys = Omit<VerifyTokenOptions, 'now'>;

const serialName = (prefix: string, kid: string): string => (kid === '0' ? prefix : `${prefix}-${kid}`);

/**
 * How a zone checks user and zone tokens, which only the global CP signs: with the public halves of the global's
 * signing keys (`<kind>-token-signing-public-key-<kid>`) and its revocation list, both GlobalSecrets the global
 * sends every zone. Read from the in-memory replica on every check, so a rotation or revocation applies as soon as
 * it arrives. A missing key is reported under the name looked up, as a Kuma zone reports a missing public key.
 */
export function replicaTokenKeys(replica: Pick<GlobalReplica, 'get'>, kind: GlobalTokenKind): GlobalTokenKeys {
  const family = FAMILIES[kind];
  return {
    signingKey: async (kid) => globalSecretText(replica, serialName(family.publicKeyPrefix, kid)),
    missingKeyMessage: (kid) => missingSigningKeyMessage(kid, serialName(family.publicKeyPrefix, kid)),
    revoked: async () => parseRevocations(globalSecretText(replica, family.revocations) ?? ''),
  };
}
