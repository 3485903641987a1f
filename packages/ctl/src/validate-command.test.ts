import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const kumikoctl = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'kumikoctl');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bin/kumikoctl validate …` the way a user would, from `cwd` (never the repository). */
function validate(args: readonly string[], options: { cwd: string; input?: string }): Run {
  const result = spawnSync(kumikoctl, ['validate', ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const VALID = `type: Dataplane
mesh: default
name: dp-1
networking:
  address: 10.0.0.1
  inbound:
  - port: 8080
    tags: { kuma.io/service: web, kuma.io/protocol: http }
  outbound:
  - port: 10001
    tags: { kuma.io/service: db }
---
type: Mesh
name: default
`;

const INVALID = `type: Dataplane
mesh: default
name: dp-2
networking:
  address: 10.0.0.2
  inbound:
  - port: 0
    tags: { version: "1" }
---
type: Sidecar
name: s
`;

describe('kumikoctl validate', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kumikoctl-validate-'));
    writeFileSync(join(dir, 'valid.yaml'), VALID);
    writeFileSync(join(dir, 'invalid.yaml'), `${VALID}---\n${INVALID}`);
    writeFileSync(join(dir, 'broken.yaml'), 'type: Mesh\nname: m\n---\ntype: Mesh\nname: a: b\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("given a file of valid documents (path relative to the caller's cwd), then it lists each as valid and exits 0", () => {
    // when
    const { status, stdout, stderr } = validate(['-f', 'valid.yaml'], { cwd: dir });
    // then
    assert.equal(stderr, '');
    assert.equal(stdout, 'Dataplane default/dp-1: valid\nMesh default: valid\n');
    assert.equal(status, 0);
  });

  it('given a file with invalid documents, then it prints their violations indented and exits 1', () => {
    // when
    const { status, stdout } = validate(['-f', join(dir, 'invalid.yaml')], { cwd: tmpdir() });
    // then
    assert.equal(
      stdout,
      [
        'Dataplane default/dp-1: valid',
        'Mesh default: valid',
        'Dataplane default/dp-2: 2 violations',
        '  networking.inbound[0].port: port must be in the range [1, 65535]',
        '  networking.inbound[0].tags["kuma.io/service"]: tag has to exist',
        'Sidecar <none>/s: 1 violation',
        '  type: unknown resource type "Sidecar"; known types: Dataplane, DataplaneInsight, GlobalSecret, Mesh, Secret, Zone, ZoneEgress, ZoneIngress, ZoneInsight',
        '',
      ].join('\n'),
    );
    assert.equal(status, 1);
  });

  it('given stdin (-f -) and -o json, then it prints one element per document with the documented keys', () => {
    // when
    const { status, stdout } = validate(['-f', '-', '-o', 'json'], { cwd: tmpdir(), input: INVALID });
    // then
    const parsed = JSON.parse(stdout) as Record<string, unknown>[];
    assert.deepEqual(parsed, [
      {
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp-2',
        valid: false,
        violations: [
          { field: 'networking.inbound[0].port', message: 'port must be in the range [1, 65535]' },
          { field: 'networking.inbound[0].tags["kuma.io/service"]', message: 'tag has to exist' },
        ],
      },
      {
        type: 'Sidecar',
        mesh: null,
        name: 's',
        valid: false,
        violations: [
          {
            field: 'type',
            message:
              'unknown resource type "Sidecar"; known types: Dataplane, DataplaneInsight, GlobalSecret, Mesh, Secret, Zone, ZoneEgress, ZoneIngress, ZoneInsight',
          },
        ],
      },
    ]);
    for (const element of parsed) assert.deepEqual(Object.keys(element), ['type', 'mesh', 'name', 'valid', 'violations']);
    assert.equal(status, 1);
  });

  it('given valid stdin with --output json, then valid is true, mesh is null for a Mesh, and it exits 0', () => {
    // when
    const { status, stdout } = validate(['--file', '-', '--output', 'json'], { cwd: tmpdir(), input: VALID });
    // then
    assert.deepEqual(JSON.parse(stdout), [
      { type: 'Dataplane', mesh: 'default', name: 'dp-1', valid: true, violations: [] },
      { type: 'Mesh', mesh: null, name: 'default', valid: true, violations: [] },
    ]);
    assert.equal(status, 0);
  });

  it('given YAML that does not parse, then it names the file, line and column on stderr, prints nothing, exits 2', () => {
    // when
    const { status, stdout, stderr } = validate(['-f', 'broken.yaml'], { cwd: dir });
    // then
    assert.equal(stderr, 'kumikoctl: cannot parse broken.yaml: line 5, column 7: Nested mappings are not allowed in compact mappings\n');
    assert.equal(stdout, '');
    assert.equal(status, 2);
  });

  it('given unparsable stdin, then the message names stdin and it exits 2', () => {
    // when
    const { status, stderr } = validate(['-f', '-'], { cwd: tmpdir(), input: 'type: Mesh\nname: [m\n' });
    // then
    assert.match(stderr, /^kumikoctl: cannot parse stdin: line 3, column 1: /);
    assert.equal(status, 2);
  });

  it('given a file that does not exist, then it says so on stderr and exits 2', () => {
    // when
    const { status, stdout, stderr } = validate(['-f', 'missing.yaml'], { cwd: dir });
    // then
    assert.equal(stderr, 'kumikoctl: cannot read missing.yaml: no such file or directory\n');
    assert.equal(stdout, '');
    assert.equal(status, 2);
  });

  it('given an empty input, then it says there is no resource and exits 1 (json still prints an array)', () => {
    // when
    const { status, stdout, stderr } = validate(['-f', '-', '-o', 'json'], { cwd: tmpdir(), input: '---\n# nothing\n' });
    // then
    assert.equal(stderr, 'kumikoctl: stdin contains no resources\n');
    assert.equal(stdout, '[]\n');
    assert.equal(status, 1);
  });

  for (const [name, args, error] of [
    ['no -f', [], /required option '-f, --file <path>' not specified/],
    ['an unknown flag', ['-f', '-', '--frobnicate'], /unknown option '--frobnicate'/],
    ['an unknown output format', ['-f', '-', '-o', 'yaml'], /argument 'yaml' is invalid\. Allowed choices are text, json\./],
  ] as const) {
    it(`given ${name}, then commander's error is on stderr and it exits 2, never 1`, () => {
      // when
      const { status, stdout, stderr } = validate(args, { cwd: tmpdir(), input: VALID });
      // then
      assert.match(stderr, error);
      assert.equal(stdout, '');
      assert.equal(status, 2);
    });
  }
});
