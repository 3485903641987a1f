import type { ResourceType } from '../registry/resource-type-registry.js';
import { Labels } from '../tags.js';
import { dns1035LabelMessages } from './k8s-label-validator.js';
import type { ControlPlaneMode } from './resource-request-validator.js';

/**
 * Kuma's check of the `kuma.io/workload` label when a universal Dataplane is created over REST (not when one
 * is replaced): a non-empty value is refused on a global control plane, and elsewhere must be a DNS-1035
 * label, since Kuma derives a Workload resource and the proxy's identity from it. Kuma answers these as a
 * 400 `Bad Request` whose detail is the returned text; `undefined` when the label is absent, empty or valid.
 */
export function workloadLabelViolation(
  type: ResourceType,
  labels: Readonly<Record<string, string>>,
  mode: ControlPlaneMode,
): string | undefined {
  const workload = labels[Labels.workload] ?? '';
  if (type !== 'Dataplane' || workload === '') return undefined;
  const field = `labels[${JSON.stringify(Labels.workload)}]`;
  if (mode === 'global') return `${field}: not allowed on Global control plane`;
  const errors = dns1035LabelMessages(workload);
  if (errors.length === 0) return undefined;
  return `${field}: must be a valid DNS-1035 label (at most 63 characters, matching regex [a-z]([-a-z0-9]*[a-z0-9])?): ${errors.join('; ')}`;
}
