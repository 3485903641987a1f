import type { Kysely } from 'kysely';
import { signingKeyName, signingKeySerial } from '@kumiko/pki';
import type { ResourceWriter } from '@kumiko/rest';
import { deleteGlobalResource, type KumikoDatabase } from '@kumiko/store';
import {
  ensureGlobalSigningKeys,
  USER_TOKEN_SIGNING_KEYS,
  ZONE_TOKEN_SIGNING_KEYS,
  type GlobalSigningKeyKind,
} from '../global-token-signing-keys.js';
import { globalOwnedWriter, type GlobalOwnedWriterOptions } from './global-owned-writer.js';

const KINDS: readonly GlobalSigningKeyKind[] = [ZONE_TOKEN_SIGNING_KEYS, USER_TOKEN_SIGNING_KEYS];

/** The signing-key kind whose private keys `name` belongs to, with the key's serial. */
function privateKeyOf(name: string): { readonly kind: GlobalSigningKeyKind; readonly serial: number } | undefined {
  for (const kind of KINDS) {
    const serial = signingKeySerial(kind.family.prefix, name);
    if (serial !== undefined) return { kind, serial };
  }
  return undefined;
}

/**
 * Writes of GlobalSecrets (admins only), as Secrets are written; in addition, a zone- or user-token signing key keeps
 * its public half in step, so rotation is only "add `<prefix>-<n+1>`": writing a private key stores its public half
 * (PEM `PUBLIC KEY`, what zones receive), deleting it deletes the public half, so zones stop accepting its tokens
 * too. The public half follows in its own transaction; should that fail, the next start of the global CP completes it.
 */
export function globalSecretWriter(db: Kysely<KumikoDatabase>, options: GlobalOwnedWriterOptions): ResourceWriter {
  const secrets = globalOwnedWriter(db, 'GlobalSecret', options);
  return {
    async put(key, body) {
      const written = await secrets.put(key, body);
      const signingKey = privateKeyOf(key.name);
      if (written.ok && signingKey !== undefined) {
        await ensureGlobalSigningKeys(db, [signingKey.kind], options);
        options.onOutbox();
      }
      return written;
    },
    async delete(key) {
      const outcome = await secrets.delete(key);
      const signingKey = privateKeyOf(key.name);
      if (outcome.status === 'deleted' && signingKey !== undefined) {
        const name = signingKeyName(signingKey.kind.publicPrefix, signingKey.serial);
        await deleteGlobalResource(db, { type: 'GlobalSecret', subjectKind: 'globalsecret', mesh: '', name }, options);
        options.onOutbox();
      }
      return outcome;
    },
  };
}
