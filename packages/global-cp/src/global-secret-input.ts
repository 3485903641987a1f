import type { Kysely } from 'kysely';
import { decodeGlobalSecret, secretData, secretText, withComputedLabels, type GlobalSecret } from '@kumiko/api';
import { getResource, type GlobalResourceInput, type KumikoDatabase } from '@kumiko/store';

/** A GlobalSecret holding `text` (base64 in `data`, as every Secret), ready for the global-resource writer. */
export function globalSecretInput(name: string, text: string): GlobalResourceInput {
  const secret: GlobalSecret = withComputedLabels({ type: 'GlobalSecret', name, labels: {}, data: secretData(text) }, { mode: 'global' });
  return { type: 'GlobalSecret', subjectKind: 'globalsecret', mesh: '', name, labels: secret.labels, resource: { ...secret } };
}

/** The text of the GlobalSecret `name`, or undefined when there is none. */
export async function readGlobalSecretText(db: Kysely<KumikoDatabase>, name: string): Promise<string | undefined> {
  const stored = await getResource(db, { type: 'GlobalSecret', mesh: '', name });
  const decoded = stored === undefined ? undefined : decodeGlobalSecret(stored.spec);
  return decoded?.ok === true ? secretText(decoded.value) : undefined;
}
