import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globalSubject, parseGlobalSubject, parseZoneSubject, SubjectKinds, zoneSubject, zoneSubjectFilter } from './subjects.js';
import { SubjectTokenError } from './subject-token.js';

describe('subjects', () => {
  it('given a Dataplane in zone-1, then its subject has one token per part and parses back', () => {
    const key = { zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' };
    const subject = zoneSubject(key);
    assert.equal(subject, 'kumiko.zone.zone-1.dataplane.default.dp-1');
    assert.deepEqual(parseZoneSubject(subject), key);
  });

  it('given names with dots, then they stay inside their token', () => {
    const key = { zone: 'eu.west', kind: SubjectKinds.Dataplane, mesh: 'mesh.a', name: 'web.ns-1' };
    const subject = zoneSubject(key);
    assert.equal(subject.split('.').length, 6);
    assert.deepEqual(parseZoneSubject(subject), key);
  });

  it('given a global-scoped ZoneIngress, then the mesh token is "~" and parses back to no mesh', () => {
    const key = { kind: SubjectKinds.ZoneIngress, mesh: undefined, name: 'zi-1-2d8w9vd5b9fd9xbv' };
    assert.equal(globalSubject(key), 'kumiko.global.zoneingress.~.zi-1-2d8w9vd5b9fd9xbv');
    assert.deepEqual(parseGlobalSubject(globalSubject(key)), key);
  });

  it('given a zone, then its filter covers exactly its own subjects', () => {
    assert.equal(zoneSubjectFilter('zone-1'), 'kumiko.zone.zone-1.>');
    assert.equal(zoneSubjectFilter('a.b'), 'kumiko.zone.a~2Eb.>');
  });

  it('given foreign or malformed subjects, then parsing fails with a typed error', () => {
    for (const bad of [
      'kumiko.zone.zone-1.dataplane.default',
      'kumiko.zone.zone-1.unknown.default.x',
      'other.zone.zone-1.dataplane.default.x',
      'kumiko.global.mesh.~.x.y',
      'kumiko.zone.zone-1.dataplane.default.a~zz',
    ]) {
      assert.throws(() => parseZoneSubject(bad), SubjectTokenError, bad);
    }
    assert.throws(() => parseGlobalSubject('kumiko.global.mesh.~'), SubjectTokenError);
  });
});
