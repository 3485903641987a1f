import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { YamlParseError, parseYamlDocuments } from './yaml-documents.js';

function parseError(text: string): YamlParseError {
  try {
    parseYamlDocuments(text);
  } catch (error) {
    assert.ok(error instanceof YamlParseError, `expected YamlParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a YamlParseError');
}

describe('parseYamlDocuments', () => {
  it('given several documents separated by --- when parsed then each non-empty one is returned with its position', () => {
    const documents = parseYamlDocuments('---\n# only a comment\n---\ntype: Mesh\nname: a\n---\n\n---\ntype: Zone\nname: z\n');
    assert.deepEqual(documents, [
      { value: { type: 'Mesh', name: 'a' }, index: 1, line: 4 },
      { value: { type: 'Zone', name: 'z' }, index: 3, line: 9 },
    ]);
  });

  it('given an empty text when parsed then there are no documents', () => {
    assert.deepEqual(parseYamlDocuments(''), []);
  });

  it('given YAML 1.1 booleans when parsed then they stay strings (YAML 1.2 core schema)', () => {
    assert.deepEqual(parseYamlDocuments('enabled: yes\n')[0]?.value, { enabled: 'yes' });
  });

  it('given a bad indentation when parsed then the error carries line and column', () => {
    const error = parseError('type: Mesh\nname: a\n  extra: 1\n');
    assert.equal(error.name, 'YamlParseError');
    assert.equal(error.code, 'YAML_PARSE_ERROR');
    assert.equal(error.line, 2);
    assert.equal(error.column, 7);
    assert.equal(error.documentIndex, 0);
    assert.match(error.message, /^invalid YAML at line 2, column 7: /);
    assert.ok(error.cause instanceof Error);
  });

  it('given an error in the second document when parsed then the line counts from the start of the text', () => {
    const error = parseError('type: Mesh\nname: a\n---\ntype: Zone\nname: [z\n');
    assert.equal(error.documentIndex, 1);
    assert.equal(error.line, 6);
    assert.equal(error.column, 1);
    assert.equal(error.yamlCode, 'BAD_INDENT');
  });

  it('given a duplicate key when parsed then it is an error at the second key', () => {
    const error = parseError('name: a\nname: b\n');
    assert.equal(error.yamlCode, 'DUPLICATE_KEY');
    assert.deepEqual([error.line, error.column], [2, 1]);
  });

  it('given anchors and aliases when parsed then aliases resolve to the anchored value', () => {
    assert.deepEqual(parseYamlDocuments('a: &t {x: y}\nb: *t\n')[0]?.value, { a: { x: 'y' }, b: { x: 'y' } });
  });
});
