import { compareGoStrings, type AnyResourceTypeDescriptor, type Owner } from '@kumiko/api';
import { isReadOnlyOn } from './read-only-on.js';

/** One entry of `GET /policies`, with Kuma's fields in Kuma's order. */
export interface PolicyEntry {
  readonly name: string;
  readonly readOnly: boolean;
  readonly path: string;
  readonly singularDisplayName: string;
  readonly pluralDisplayName: string;
  readonly isExperimental: boolean;
  readonly isTargetRefBased: boolean;
  /** Has a `from` section. */
  readonly isInbound: boolean;
  /** Has a `to` section. */
  readonly isOutbound: boolean;
}

/**
 * Kuma's policy catalogue (`GET /policies`): the policy types among `descriptors` (those with `policy`
 * traits), sorted by name, `readOnly` as seen from `controlPlane`. Empty while the registry has no policy
 * type. The result is a new object; the caller may mutate it.
 */
export function policyCatalogue(descriptors: readonly AnyResourceTypeDescriptor[], controlPlane: Owner): { policies: PolicyEntry[] } {
  const policies = descriptors.flatMap((descriptor): PolicyEntry[] => {
    const policy = descriptor.policy;
    if (policy === undefined) return [];
    return [
      {
        name: descriptor.name,
        readOnly: isReadOnlyOn(descriptor, controlPlane),
        path: descriptor.plural,
        singularDisplayName: descriptor.singularDisplayName,
        pluralDisplayName: descriptor.pluralDisplayName,
        isExperimental: policy.isExperimental,
        isTargetRefBased: policy.isTargetRef,
        isInbound: policy.hasFromTargetRef,
        isOutbound: policy.hasToTargetRef,
      },
    ];
  });
  return { policies: policies.sort((a, b) => compareGoStrings(a.name, b.name)) };
}
