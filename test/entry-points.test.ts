import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..');

function run(bin: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  // From an unrelated working directory: the entry points must not depend on the caller's cwd.
  const result = spawnSync(join(root, 'bin', bin), args, { cwd: tmpdir(), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('entry points', () => {
  for (const bin of ['kumiko-cp', 'kumiko-dp', 'kumikoctl']) {
    it(`given ${bin} --help, then it prints its usage and exits 0`, () => {
      const { status, stdout } = run(bin, ['--help']);
      assert.equal(status, 0);
      assert.match(stdout, new RegExp(`^Usage: ${bin} \\[options\\] \\[command\\]`));
      assert.match(stdout, /Commands:/);
    });

    it(`given ${bin} with an unknown command, then it names the command on stderr and exits non-zero`, () => {
      const { status, stderr } = run(bin, ['frobnicate']);
      assert.notEqual(status, 0);
      assert.match(stderr, /unknown command 'frobnicate'/);
    });

    it(`given ${bin} version, then it prints its name and version`, () => {
      const { status, stdout } = run(bin, ['version']);
      assert.equal(status, 0);
      assert.match(stdout, new RegExp(`^${bin} \\d+\\.\\d+\\.\\d+ \\(Kuma 2\\.13\\.10 compatible\\)`));
    });
  }
});
