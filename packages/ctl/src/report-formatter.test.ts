import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentReport } from './document-validator.js';
import { formatReports } from './report-formatter.js';

function report(overrides: Partial<DocumentReport>): DocumentReport {
  return { type: 'Dataplane', mesh: 'default', name: 'dp-1', valid: true, violations: [], document: 1, line: 1, ...overrides };
}

const reports: readonly DocumentReport[] = [
  report({}),
  report({
    name: 'dp-2',
    valid: false,
    violations: [
      { field: 'networking.inbound[0].port', message: 'port must be in the range [1, 65535]' },
      { field: 'networking.address', message: 'address has to be valid IP address or domain name' },
    ],
  }),
  report({ type: 'Mesh', mesh: null, name: 'default' }),
  report({ mesh: null, name: null, valid: false, violations: [{ field: 'mesh', message: 'cannot be empty' }] }),
  report({
    type: null,
    mesh: null,
    name: null,
    valid: false,
    document: 5,
    line: 30,
    violations: [{ field: '', message: 'expected a resource object, got string' }],
  }),
];

describe('formatReports', () => {
  it('given text, then one line per document, then its violations indented, counted in words', () => {
    assert.equal(
      formatReports(reports, 'text'),
      [
        'Dataplane default/dp-1: valid',
        'Dataplane default/dp-2: 2 violations',
        '  networking.inbound[0].port: port must be in the range [1, 65535]',
        '  networking.address: address has to be valid IP address or domain name',
        'Mesh default: valid',
        'Dataplane <none>/<none>: 1 violation',
        '  mesh: cannot be empty',
        'document 5 (line 30): 1 violation',
        '  expected a resource object, got string',
      ].join('\n'),
    );
  });

  it('given json, then an array of {type, mesh, name, valid, violations} in that key order, without positions', () => {
    // when
    const parsed = JSON.parse(formatReports(reports, 'json')) as Record<string, unknown>[];
    // then
    assert.equal(parsed.length, reports.length);
    for (const element of parsed) assert.deepEqual(Object.keys(element), ['type', 'mesh', 'name', 'valid', 'violations']);
    assert.deepEqual(parsed[2], { type: 'Mesh', mesh: null, name: 'default', valid: true, violations: [] });
    assert.deepEqual(parsed[4], {
      type: null,
      mesh: null,
      name: null,
      valid: false,
      violations: [{ field: '', message: 'expected a resource object, got string' }],
    });
  });
});
