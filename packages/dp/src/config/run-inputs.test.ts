import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRunConfig } from './run-config.js';
import { readRunToken } from './run-inputs.js';
import { UsageError } from './usage-error.js';

/** JWT-shaped (header {"alg":"RS256","typ":"JWT"}); nothing here verifies signatures. */
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJOYW1lIjoiZHAtMSJ9.c2lnbmF0dXJl';
const OTHER_JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJab25lIjoiZWFzdCJ9.c2ln';

async function problemOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UsageError) return error.problems.join('\n');
    throw error;
  }
  assert.fail('expected a UsageError');
}

describe('readRunToken', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kumiko-dp-token-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const configOf = (flags: Record<string, string>, env: Record<string, string> = {}) => parseRunConfig({ name: 'dp-1', ...flags }, env);
  const file = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('given no token flag or variable, when read, then there is no token', async () => {
    assert.equal(await readRunToken(configOf({})), undefined);
  });

  it('given --dataplane-token-file with the trailing newline kumactl writes, when read, then the JWT without it and the path', async () => {
    const path = await file('token', `${JWT}\n`);
    assert.deepEqual(await readRunToken(configOf({ dataplaneTokenFile: path })), { jwt: JWT, path });
  });

  it('given KUMA_DATAPLANE_RUNTIME_TOKEN_PATH, when read, then the file it names is read', async () => {
    const path = await file('env-token', JWT);
    assert.deepEqual(await readRunToken(configOf({}, { KUMA_DATAPLANE_RUNTIME_TOKEN_PATH: path })), { jwt: JWT, path });
  });

  it('given KUMA_DATAPLANE_RUNTIME_TOKEN, when read, then the inline token without a path', async () => {
    assert.deepEqual(await readRunToken(configOf({}, { KUMA_DATAPLANE_RUNTIME_TOKEN: JWT })), { jwt: JWT, path: undefined });
  });

  it('given both an inline token and a token file, when read, then the inline one wins (as in kuma-dp) and the file is not read', async () => {
    const config = configOf({ dataplaneToken: OTHER_JWT, dataplaneTokenFile: join(dir, 'missing') });
    assert.deepEqual(await readRunToken(config), { jwt: OTHER_JWT, path: undefined });
  });

  it('given a token file that does not exist, when read, then a usage error names the flag and the path', async () => {
    const path = join(dir, 'nope');
    assert.equal(
      await problemOf(() => readRunToken(configOf({ dataplaneTokenFile: path }))),
      `--dataplane-token-file: cannot read ${path}: no such file`,
    );
  });

  it('given a token file path that is a directory, when read, then a usage error names the flag and the path', async () => {
    assert.match(
      await problemOf(() => readRunToken(configOf({ dataplaneTokenFile: dir }))),
      new RegExp(`^--dataplane-token-file: cannot read ${dir}: .*EISDIR`),
    );
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /the file is empty/],
    ['only a newline', '\n', /the file is empty/],
    ['a token broken over two lines', `${JWT.slice(0, 20)}\n${JWT.slice(20)}`, /blank characters/],
    ['two parts only', 'abc.def', /three dot-separated parts/],
    ['a header that is not JSON', 'bm90LWpzb24.eyJ9.c2ln', /header is not JSON/],
    ['a header without alg', `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.eyJ9.c2ln`, /names no alg/],
  ];
  for (const [what, content, reason] of bad) {
    it(`given a token file holding ${what}, when read, then a usage error names the flag, the path and why, without the content`, async () => {
      const path = await file(`bad-${what.replaceAll(' ', '-')}`, content);
      const problem = await problemOf(() => readRunToken(configOf({ dataplaneTokenFile: path })));
      assert.match(problem, new RegExp(`^--dataplane-token-file: ${path} holds no dataplane or zone token \\(JWT\\): `));
      assert.match(problem, reason);
      if (content.trim() !== '') assert.ok(!problem.includes(content.trim().slice(0, 8)), problem);
    });
  }

  it('given an inline token that is not a JWT, when read, then a usage error that does not quote it', async () => {
    const problem = await problemOf(() => readRunToken(configOf({ dataplaneToken: 'secret-value' })));
    assert.match(problem, /^--dataplane-token: not a dataplane or zone token \(JWT\): /);
    assert.ok(!problem.includes('secret-value'), problem);
  });
});
