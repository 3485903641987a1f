import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptorOf, Owners, type AnyResourceTypeDescriptor, type PolicyTraits } from '@kumiko/api';
import { policyCatalogue } from './policy-catalogue.js';
import { resourceTypeCatalogue } from './resource-type-catalogue.js';

const traits: PolicyTraits = {
  isTargetRef: true,
  hasToTargetRef: true,
  hasFromTargetRef: false,
  hasRulesTargetRef: true,
  isFromAsRules: false,
  isExperimental: false,
};

/** A policy type as the policy issue will register one; borrowed from Mesh for everything but its names. */
const meshTimeout = {
  ...(descriptorOf('Mesh') as unknown as AnyResourceTypeDescriptor),
  name: 'MeshTimeout',
  plural: 'meshtimeouts',
  scope: 'mesh',
  singularDisplayName: 'Mesh Timeout',
  pluralDisplayName: 'Mesh Timeouts',
  shortName: 'mt',
  policy: traits,
} as unknown as AnyResourceTypeDescriptor;
const mesh = descriptorOf('Mesh') as unknown as AnyResourceTypeDescriptor;

describe('the policy catalogues', () => {
  it('given a policy type, when listing policies, then only policy types appear, in Kuma policy entry shape', () => {
    assert.deepEqual(policyCatalogue([mesh, meshTimeout], Owners.global), {
      policies: [
        {
          name: 'MeshTimeout',
          readOnly: false,
          path: 'meshtimeouts',
          singularDisplayName: 'Mesh Timeout',
          pluralDisplayName: 'Mesh Timeouts',
          isExperimental: false,
          isTargetRefBased: true,
          isInbound: false,
          isOutbound: true,
        },
      ],
    });
    assert.equal(policyCatalogue([meshTimeout], Owners.zone).policies[0]?.readOnly, true);
  });

  it('given a policy type, when listing resource types, then its entry carries Kuma policy description', () => {
    const entry = resourceTypeCatalogue([meshTimeout, mesh], Owners.global).resources.find((e) => e.name === 'MeshTimeout');
    assert.deepEqual(entry?.policy, {
      hasFromTargetRef: false,
      hasRulesTargetRef: true,
      hasToTargetRef: true,
      isFromAsRules: false,
      isTargetRef: true,
    });
    assert.equal(entry?.scope, 'Mesh');
  });

  it('given names differing in case, then types are ordered by code unit as Kuma orders them', () => {
    const named = (name: string) => ({ ...meshTimeout, name }) as AnyResourceTypeDescriptor;
    const names = policyCatalogue([named('MeshHealthCheck'), named('MeshHTTPRoute')], Owners.global).policies.map((p) => p.name);
    assert.deepEqual(names, ['MeshHTTPRoute', 'MeshHealthCheck']);
  });
});
