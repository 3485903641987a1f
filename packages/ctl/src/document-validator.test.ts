import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceTypes, YamlParseError } from '@kumiko/api';
import { type DocumentReport, validateDocuments } from './document-validator.js';

const KNOWN_TYPES = Object.values(ResourceTypes).sort().join(', ');

const VALID_DATAPLANE = `type: Dataplane
mesh: default
name: dp-1
networking:
  address: 10.0.0.1
  inbound:
  - port: 8080
    tags: { kuma.io/service: web }
`;

describe('validateDocuments', () => {
  it('given valid documents of mesh- and global-scoped types, then each is reported valid in input order', () => {
    // given
    const text = `${VALID_DATAPLANE}---
type: Mesh
name: default
mesh: ignored   # a global-scoped type has no mesh
---
type: Zone
name: zone-1
`;
    // when
    const reports = validateDocuments(text);
    // then
    assert.deepEqual(reports, [
      { type: 'Dataplane', mesh: 'default', name: 'dp-1', valid: true, violations: [], document: 1, line: 1 },
      { type: 'Mesh', mesh: null, name: 'default', valid: true, violations: [], document: 2, line: 10 },
      { type: 'Zone', mesh: null, name: 'zone-1', valid: true, violations: [], document: 3, line: 14 },
    ] satisfies DocumentReport[]);
  });

  it("given an invalid Dataplane spec, then it reports Kuma's violations with their paths, in Kuma's order", () => {
    // given
    const text = `type: Dataplane
mesh: default
name: dp-2
networking:
  address: 10.0.0.1
  inbound:
  - port: 0
    tags: { version: "1" }
`;
    // when
    const [report] = validateDocuments(text);
    // then
    assert.deepEqual(report, {
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-2',
      valid: false,
      violations: [
        { field: 'networking.inbound[0].port', message: 'port must be in the range [1, 65535]' },
        { field: 'networking.inbound[0].tags["kuma.io/service"]', message: 'tag has to exist' },
      ],
      document: 1,
      line: 1,
    });
  });

  it('given a valid spec with a bad name and no mesh, then it reports the meta violations', () => {
    // given
    const text = VALID_DATAPLANE.replace('mesh: default\n', '').replace('name: dp-1', 'name: Dp_1');
    // when
    const [report] = validateDocuments(text);
    // then
    assert.equal(report?.mesh, null);
    assert.equal(report?.name, 'Dp_1');
    assert.deepEqual(
      report?.violations.map((v) => v.field),
      ['name', 'mesh'],
    );
    assert.equal(report?.violations[1]?.message, 'cannot be empty');
  });

  it('given an unknown or a missing type, then the violation is at "type" and lists the known types', () => {
    // given
    const text = 'type: Frobnicator\nname: f\n---\nname: no-type\n';
    // when
    const reports = validateDocuments(text);
    // then
    assert.deepEqual(
      reports.map((r) => [r.type, r.name, r.valid, r.violations]),
      [
        ['Frobnicator', 'f', false, [{ field: 'type', message: `unknown resource type "Frobnicator"; known types: ${KNOWN_TYPES}` }]],
        [null, 'no-type', false, [{ field: 'type', message: `resource type is missing; known types: ${KNOWN_TYPES}` }]],
      ],
    );
  });

  it('given fields of the wrong JSON type, then every decode issue is a violation with its field path', () => {
    // given
    const text = `type: Dataplane
mesh: default
name: dp-3
networking:
  address: 7
  inbound: "not a list"
`;
    // when
    const [report] = validateDocuments(text);
    // then
    assert.equal(report?.valid, false);
    assert.deepEqual(report?.violations, [
      { field: 'networking.address', message: 'expected a string, got number' },
      { field: 'networking.inbound', message: 'expected a list, got string' },
    ]);
  });

  it('given a scalar or a list document, then it is reported invalid as a whole, not skipped', () => {
    // when
    const reports = validateDocuments('just a string\n---\n- 1\n- 2\n');
    // then
    assert.deepEqual(
      reports.map((r) => [r.document, r.line, r.type, r.valid, r.violations]),
      [
        [1, 1, null, false, [{ field: '', message: 'expected a resource object, got string' }]],
        [2, 3, null, false, [{ field: '', message: 'expected a resource object, got list' }]],
      ],
    );
  });

  it('given empty documents (leading, trailing or comment-only ---), then they are skipped but still counted', () => {
    // when
    const reports = validateDocuments('---\n# only a comment\n---\ntype: Mesh\nname: m\n---\n');
    // then
    assert.deepEqual(
      reports.map((r) => [r.document, r.line, r.type, r.name]),
      [[2, 4, 'Mesh', 'm']],
    );
  });

  it('given an empty text, then there is no report', () => {
    assert.deepEqual(validateDocuments(''), []);
  });

  it('given YAML that does not parse in the second document, then it throws YamlParseError at the absolute position', () => {
    // given
    const text = 'type: Mesh\nname: m\n---\ntype: Mesh\nname: a: b\n';
    // when / then
    assert.throws(
      () => validateDocuments(text),
      (error: unknown) => {
        assert.ok(error instanceof YamlParseError);
        assert.deepEqual([error.line, error.column, error.documentIndex], [5, 7, 1]);
        return true;
      },
    );
  });
});
