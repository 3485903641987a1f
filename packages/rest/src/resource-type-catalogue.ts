import { compareGoStrings, Scopes, type AnyResourceTypeDescriptor, type Owner, type PolicyTraits } from '@kumiko/api';
import { isReadOnlyOn } from './read-only-on.js';

/** One entry of `GET /_resources`, with Kuma's fields (its keys in Kuma's order). */
export interface ResourceTypeDescription {
  readonly includeInFederation: boolean;
  readonly name: string;
  /** The collection's path segment: `/<path>`, or `/meshes/{mesh}/<path>` for mesh-scoped types. */
  readonly path: string;
  readonly pluralDisplayName: string;
  readonly policy?: PolicyDescription;
  readonly readOnly: boolean;
  readonly scope: 'Global' | 'Mesh';
  readonly shortName: string;
  readonly singularDisplayName: string;
}

/** What `GET /_resources` says of a policy type. */
export interface PolicyDescription {
  readonly hasFromTargetRef: boolean;
  readonly hasRulesTargetRef: boolean;
  readonly hasToTargetRef: boolean;
  readonly isFromAsRules: boolean;
  readonly isTargetRef: boolean;
}

function policyDescription(policy: PolicyTraits): PolicyDescription {
  return {
    hasFromTargetRef: policy.hasFromTargetRef,
    hasRulesTargetRef: policy.hasRulesTargetRef,
    hasToTargetRef: policy.hasToTargetRef,
    isFromAsRules: policy.isFromAsRules,
    isTargetRef: policy.isTargetRef,
  };
}

/**
 * Kuma's type catalogue (`GET /_resources`): every type of `descriptors`, sorted by name as Kuma sorts it,
 * `readOnly` as seen from `controlPlane`. The result is a new object; the caller may mutate it.
 */
export function resourceTypeCatalogue(
  descriptors: readonly AnyResourceTypeDescriptor[],
  controlPlane: Owner,
): { resources: ResourceTypeDescription[] } {
  const resources = descriptors.map((descriptor): ResourceTypeDescription => ({
    includeInFederation: descriptor.includeInFederation,
    name: descriptor.name,
    path: descriptor.plural,
    pluralDisplayName: descriptor.pluralDisplayName,
    ...(descriptor.policy === undefined ? {} : { policy: policyDescription(descriptor.policy) }),
    readOnly: isReadOnlyOn(descriptor, controlPlane),
    scope: descriptor.scope === Scopes.mesh ? 'Mesh' : 'Global',
    shortName: descriptor.shortName,
    singularDisplayName: descriptor.singularDisplayName,
  }));
  return { resources: resources.sort((a, b) => compareGoStrings(a.name, b.name)) };
}
