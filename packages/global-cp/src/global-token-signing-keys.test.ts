import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { decodeJwt } from 'jose';
import { InvalidTokenError } from '@kumiko/pki';
import { createDatabase, listResources, migrateToLatest, upsertGlobalResource, type KumikoDatabase } from '@kumiko/store';
import { startPostgres, type PostgresServer } from '@kumiko/testing';
import { ADMIN_USER, ensureAdminUserToken } from './admin-user-token.js';
import { globalSecretInput, readGlobalSecretText } from './global-secret-input.js';
import { ensureGlobalSigningKeys, USER_TOKEN_SIGNING_KEYS, ZONE_TOKEN_SIGNING_KEYS } from './global-token-signing-keys.js';
import { UserTokenValidator } from './user-token-validator.js';

const CHECKPOINT = 'global-projector';
const KINDS = [ZONE_TOKEN_SIGNING_KEYS, USER_TOKEN_SIGNING_KEYS];

describe('global signing keys, the admin user token and the user-token validator on a real Postgres', () => {
  let postgres: PostgresServer;
  let db: Kysely<KumikoDatabase>;
  before(async () => {
    postgres = await startPostgres();
    db = createDatabase({ connectionString: await postgres.createDatabase(), maxConnections: 6 });
    await migrateToLatest(db);
  });
  after(async () => {
    await db?.destroy();
    await postgres?.stop();
  });

  const names = async () =>
    (await listResources(db, { type: 'GlobalSecret', mesh: '', offset: 0, size: 100 })).items.map((item) => item.name).sort();

  it('given two global instances starting at once, then each key, its public half and the admin token exist once', async () => {
    const runs = await Promise.all([
      ensureGlobalSigningKeys(db, KINDS, { checkpoint: CHECKPOINT }),
      ensureGlobalSigningKeys(db, KINDS, { checkpoint: CHECKPOINT }),
    ]);
    assert.deepEqual(runs.map((run) => run.created.length).sort(), [0, 2]);
    const stored = await Promise.all([
      ensureAdminUserToken(db, { checkpoint: CHECKPOINT }),
      ensureAdminUserToken(db, { checkpoint: CHECKPOINT }),
    ]);
    assert.deepEqual(stored.sort(), [false, true]);
    assert.deepEqual(await names(), [
      'admin-user-token',
      'user-token-signing-key-1',
      'user-token-signing-public-key-1',
      'zone-token-signing-key-1',
      'zone-token-signing-public-key-1',
    ]);
    assert.match((await readGlobalSecretText(db, 'zone-token-signing-key-1')) ?? '', /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.match((await readGlobalSecretText(db, 'zone-token-signing-public-key-1')) ?? '', /^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('given the admin user token, then it is Kuma’s admin, valid ten years, and the validator accepts it', async () => {
    const token = (await readGlobalSecretText(db, 'admin-user-token')) ?? '';
    const payload = decodeJwt(token);
    assert.equal(Number(payload.exp) - Number(payload.iat), 10 * 365 * 24 * 3600 + 5);
    assert.deepEqual(await new UserTokenValidator(db).verify(token), { name: ADMIN_USER.name, groups: ['mesh-system:admin'] });
  });

  it('given a revoked token, then the validator refuses it once its revocation cache expires', async () => {
    let now = 1_000_000;
    const validator = new UserTokenValidator(db, { now: () => now });
    const token = (await readGlobalSecretText(db, 'admin-user-token')) ?? '';
    await validator.verify(token);
    await upsertGlobalResource(db, globalSecretInput('user-token-revocations', `other,${String(decodeJwt(token).jti)}\n`), {
      checkpoint: CHECKPOINT,
    });
    now += 1_001;
    await assert.rejects(validator.verify(token), new InvalidTokenError('token is revoked'));
  });

  it('given a token whose key is not stored, then the validator names the missing GlobalSecret', async () => {
    const validator = new UserTokenValidator(db);
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: '9', typ: 'JWT' })).toString('base64url');
    await assert.rejects(
      validator.verify(`${header}.e30.c2ln`),
      new InvalidTokenError(
        'there is no signing key with KID 9. GlobalSecret of name "user-token-signing-key-9" is not found. If signing key was rotated, regenerate the token',
      ),
    );
  });
});
