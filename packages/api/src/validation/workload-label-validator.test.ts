import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workloadLabelViolation } from './workload-label-validator.js';

const REGEX_ERROR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end " +
  "with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('workloadLabelViolation (Kuma’s check when a universal Dataplane is created)', () => {
  it('given a workload label that is not a DNS-1035 label on a zone then Kuma’s Bad Request detail, every apimachinery message joined', () => {
    assert.equal(
      workloadLabelViolation('Dataplane', { 'kuma.io/workload': 'MyWorkload' }, 'zone'),
      'labels["kuma.io/workload"]: must be a valid DNS-1035 label (at most 63 characters, matching regex [a-z]([-a-z0-9]*[a-z0-9])?): ' +
        REGEX_ERROR,
    );
    assert.equal(
      workloadLabelViolation('Dataplane', { 'kuma.io/workload': 'W'.repeat(64) }, 'standalone'),
      'labels["kuma.io/workload"]: must be a valid DNS-1035 label (at most 63 characters, matching regex [a-z]([-a-z0-9]*[a-z0-9])?): ' +
        `must be no more than 63 characters; ${REGEX_ERROR}`,
    );
  });

  it('given a valid, empty or absent workload label, or another type, then nothing', () => {
    assert.equal(workloadLabelViolation('Dataplane', { 'kuma.io/workload': 'my-workload' }, 'zone'), undefined);
    assert.equal(workloadLabelViolation('Dataplane', { 'kuma.io/workload': '' }, 'zone'), undefined);
    assert.equal(workloadLabelViolation('Dataplane', {}, 'zone'), undefined);
    assert.equal(workloadLabelViolation('ZoneIngress', { 'kuma.io/workload': 'MyWorkload' }, 'zone'), undefined);
  });

  it('given any workload label on a global control plane then it is not allowed there', () => {
    assert.equal(
      workloadLabelViolation('Dataplane', { 'kuma.io/workload': 'my-workload' }, 'global'),
      'labels["kuma.io/workload"]: not allowed on Global control plane',
    );
  });
});
