import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESH_NAME_MESSAGE, RFC1123_MESSAGE } from './identifier-validator.js';
import { validateResourceMeta } from './meta-validator.js';
import type { Violation } from './violation.js';

function meta(resource: { type: 'Dataplane' | 'ZoneIngress' | 'Mesh'; name: string; mesh?: string }): Violation[] {
  const out: Violation[] = [];
  validateResourceMeta(out, resource);
  return out;
}

describe('validateResourceMeta (Kuma ValidateMeta)', () => {
  const cases: readonly (readonly [string, Parameters<typeof meta>[0], readonly Violation[]])[] = [
    ['valid mesh-scoped', { type: 'Dataplane', name: 'dp-1', mesh: 'default' }, []],
    ['mesh may keep the old underscore charset', { type: 'Dataplane', name: 'dp-1', mesh: 'old_mesh' }, []],
    ['valid global-scoped ignores mesh', { type: 'ZoneIngress', name: 'zi-1', mesh: 'IGNORED' }, []],
    ['empty name', { type: 'Mesh', name: '' }, [{ field: 'name', message: 'cannot be empty' }]],
    ['too long name', { type: 'Mesh', name: 'a'.repeat(254) }, [{ field: 'name', message: 'value length must less or equal 253' }]],
    ['name with an underscore', { type: 'Dataplane', name: 'dp_1', mesh: 'default' }, [{ field: 'name', message: RFC1123_MESSAGE }]],
    [
      'name, then mesh',
      { type: 'Dataplane', name: 'DP', mesh: 'Default' },
      [
        { field: 'name', message: RFC1123_MESSAGE },
        { field: 'mesh', message: MESH_NAME_MESSAGE },
      ],
    ],
    [
      'empty mesh of a mesh-scoped resource',
      { type: 'Dataplane', name: 'dp-1', mesh: '' },
      [{ field: 'mesh', message: 'cannot be empty' }],
    ],
  ];
  for (const [name, resource, expected] of cases) it(name, () => assert.deepEqual(meta(resource), expected));
});
