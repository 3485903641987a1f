/**
 * Kuma Resource Identifiers (Kuma 2.13): `kri_<shortName>_<mesh>_<zone>_<namespace>_<name>_<section>`, where
 * the zone is the resource's `kuma.io/zone` label, the namespace its `k8s.kuma.io/namespace` label (never set
 * on universal), and the name its display name (`kuma.io/display-name`, else the stored name). Only types with a
 * short name have one. A KRI is computed on read and never stored.
 */
import { displayNameOf } from '../helpers/display-name.js';
import { Labels } from '../tags.js';
import type { ResourceShape } from './resource-type-descriptor.js';
import { descriptorOf, isResourceType, resourceTypeDescriptors, type ResourceType } from './resource-type-registry.js';

/** The Kubernetes namespace label; never set on universal resources, but part of every KRI. */
export const KUBE_NAMESPACE_LABEL = 'k8s.kuma.io/namespace';

export interface Kri {
  readonly type: ResourceType;
  readonly mesh: string;
  readonly zone: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName: string;
}

const typeByShortName = new Map<string, ResourceType>(
  resourceTypeDescriptors()
    .filter((descriptor) => descriptor.shortName !== '')
    .map((descriptor) => [descriptor.shortName, descriptor.name]),
);

/** The KRI of a stored resource of `type`; `undefined` for a type without a short name. */
export function kriOf(type: string, resource: Pick<ResourceShape, 'name' | 'labels' | 'mesh'>): string | undefined {
  const shortName = isResourceType(type) ? descriptorOf(type).shortName : '';
  if (shortName === '') return undefined;
  const zone = resource.labels[Labels.zone] ?? '';
  const namespace = resource.labels[KUBE_NAMESPACE_LABEL] ?? '';
  return `kri_${shortName}_${resource.mesh ?? ''}_${zone}_${namespace}_${displayNameOf(resource)}_`;
}

/** Parses a KRI as Kuma does; the error texts are Kuma's. */
export function parseKri(text: string): { readonly ok: true; readonly kri: Kri } | { readonly ok: false; readonly error: string } {
  const parts = text.split('_');
  if (parts.length < 7) return { ok: false, error: `invalid identifier string: ${JSON.stringify(text)}` };
  const [prefix, shortName = '', mesh = '', zone = '', namespace = '', name = '', ...section] = parts;
  if (prefix !== 'kri') return { ok: false, error: `identifier must start with 'kri': ${JSON.stringify(text)}` };
  const type = typeByShortName.get(shortName);
  if (type === undefined) return { ok: false, error: `unknown short name of resource type: ${JSON.stringify(shortName)}` };
  return { ok: true, kri: { type, mesh, zone, namespace, name, sectionName: section.join('_') } };
}
