import type {
  DataplaneInbound,
  DataplaneNetworking,
  DataplaneOutbound,
  DataplaneReachableBackendRef,
  DataplaneServiceProbe,
} from '../resources/dataplane.js';
import { Tags } from '../tags.js';
import { validateAddress } from './address-validator.js';
import { validateDuration, validatePort, validateThreshold } from './common-validators.js';
import { rfc1123NameMessage } from './identifier-validator.js';
import { isIP } from './ip-address.js';
import { INBOUND_TAG_RULES, SERVICE_TAG_RULES, validateTags } from './tag-validator.js';
import { goQuote } from './go-quote.js';
import type { ViolationSink } from './violation.js';

/** Kinds a `backendRef` / reachable backend may name; the message lists them sorted (`maps.SortedKeys`). */
const BACKEND_KINDS: ReadonlySet<string> = new Set(['MeshService', 'MeshExternalService', 'MeshMultiZoneService']);
const BACKEND_KIND_MESSAGE = 'invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService';
const SERVICE_TAG_MISSING = `mandatory tag ${goQuote(Tags.service)} is missing`;
const SERVICE_ADDRESS_CLASH = 'serviceAddress and servicePort has to differ from address and port';

function inboundField(i: number, suffix: string): string {
  return 'networking.inbound[' + i + ']' + suffix;
}

function outboundField(i: number, suffix: string): string {
  return 'networking.outbound[' + i + ']' + suffix;
}

function hasKeys(map: Readonly<Record<string, string>>): boolean {
  for (const _ in map) return true;
  return false;
}

/**
 * Kuma's `validateNetworking` (rules N1–N4), in its order: the address, then each inbound (its own checks,
 * then `tag has to exist`), each outbound, and the transparent-proxying reachable backends.
 */
export function validateDataplaneNetworking(out: ViolationSink, networking: DataplaneNetworking): void {
  validateAddress(out, 'networking.address', networking.address);
  const inbounds = networking.inbound;
  for (let i = 0; i < inbounds.length; i++) {
    const inbound = inbounds[i] as DataplaneInbound;
    validateInbound(out, inbound, i, networking.address);
    if (inbound.tags[Tags.service] === undefined) {
      out.push({ field: inboundField(i, '.tags[' + goQuote(Tags.service) + ']'), message: 'tag has to exist' });
    }
  }
  const outbounds = networking.outbound;
  for (let i = 0; i < outbounds.length; i++) validateOutbound(out, outbounds[i] as DataplaneOutbound, i);
  const refs = networking.transparentProxying?.reachableBackends?.refs;
  if (refs !== undefined) {
    for (let j = 0; j < refs.length; j++) validateReachableBackend(out, refs[j] as DataplaneReachableBackendRef, j);
  }
}

/** N2: one inbound at `networking.inbound[i]`. */
function validateInbound(out: ViolationSink, inbound: DataplaneInbound, i: number, dpAddress: string): void {
  const { port, servicePort, serviceAddress, address } = inbound;
  if (port === 0 || port > 65535) validatePort(out, inboundField(i, '.port'), port);
  if (servicePort > 65535) validatePort(out, inboundField(i, '.servicePort'), servicePort);
  const sameWorkloadPort = servicePort === 0 || servicePort === port;
  if (serviceAddress !== '') {
    if (!isIP(serviceAddress)) {
      out.push({ field: inboundField(i, '.serviceAddress'), message: 'serviceAddress has to be valid IP address' });
    }
    if (serviceAddress === dpAddress && sameWorkloadPort) {
      out.push({ field: inboundField(i, '.serviceAddress'), message: SERVICE_ADDRESS_CLASH });
    }
  }
  if (address !== '') {
    if (!isIP(address)) out.push({ field: inboundField(i, '.address'), message: 'address has to be valid IP address' });
    if (address === serviceAddress && sameWorkloadPort) {
      out.push({ field: inboundField(i, '.serviceAddress'), message: SERVICE_ADDRESS_CLASH });
    }
  }
  validateTags(out, inbound.tags, 'networking.inbound', i, INBOUND_TAG_RULES);
  if (inbound.serviceProbe !== undefined) validateServiceProbe(out, inbound.serviceProbe, i);
}

/** N2.6: `serviceProbe` durations and thresholds, each only when set. */
function validateServiceProbe(out: ViolationSink, probe: DataplaneServiceProbe, i: number): void {
  if (probe.interval !== undefined) validateDuration(out, inboundField(i, '.serviceProbe.interval'), probe.interval);
  if (probe.timeout !== undefined) validateDuration(out, inboundField(i, '.serviceProbe.timeout'), probe.timeout);
  if (probe.unhealthyThreshold !== undefined) {
    validateThreshold(out, inboundField(i, '.serviceProbe.unhealthyThreshold'), probe.unhealthyThreshold);
  }
  if (probe.healthyThreshold !== undefined) {
    validateThreshold(out, inboundField(i, '.serviceProbe.healthyThreshold'), probe.healthyThreshold);
  }
}

/** N3: one outbound at `networking.outbound[i]`. */
function validateOutbound(out: ViolationSink, outbound: DataplaneOutbound, i: number): void {
  const { port, address, backendRef, tags } = outbound;
  if (port === 0 || port > 65535) validatePort(out, outboundField(i, '.port'), port);
  if (address !== '' && !isIP(address)) out.push({ field: outboundField(i, '.address'), message: 'address has to be valid IP address' });
  const hasTags = hasKeys(tags);
  if (backendRef !== undefined) {
    if (!BACKEND_KINDS.has(backendRef.kind)) out.push({ field: outboundField(i, '.backendRef.kind'), message: BACKEND_KIND_MESSAGE });
    if (backendRef.name === '' && !hasKeys(backendRef.labels)) {
      out.push({ field: outboundField(i, '.backendRef'), message: "either 'name' or 'labels' should be specified" });
    }
    // For MeshExternalService the port comes from its endpoints, so Kuma does not check it.
    if (backendRef.kind !== 'MeshExternalService') validatePort(out, outboundField(i, '.backendRef.port'), backendRef.port);
  } else if (!hasTags) {
    out.push({ field: outboundField(i, '.tags'), message: SERVICE_TAG_MISSING });
  } else {
    validateTags(out, tags, 'networking.outbound', i, SERVICE_TAG_RULES);
  }
  if (backendRef !== undefined && hasTags) {
    out.push({ field: outboundField(i, '.backendRef'), message: 'both backendRef and tags/service cannot be defined' });
  }
}

/** N4: `transparentProxying.reachableBackends.refs[j]`, at Kuma's misspelt `transparentProxing` path. */
function validateReachableBackend(out: ViolationSink, ref: DataplaneReachableBackendRef, j: number): void {
  const { kind, name, namespace } = ref;
  const hasLabels = hasKeys(ref.labels);
  if (!BACKEND_KINDS.has(kind)) out.push({ field: refField(j, '.kind'), message: BACKEND_KIND_MESSAGE });
  if (name !== '') {
    const message = rfc1123NameMessage(name);
    if (message !== undefined) out.push({ field: refField(j, '.name'), message });
  }
  if (name === '' && namespace === '' && !hasLabels) out.push({ field: refField(j, '.name'), message: 'name or labels are required' });
  if (name === '' && namespace !== '') out.push({ field: refField(j, '.name'), message: 'name is required, when namespace is defined' });
  if ((name !== '' || namespace !== '') && hasLabels) {
    out.push({ field: refField(j, '.labels'), message: 'labels cannot be defined when name is specified' });
  }
}

function refField(j: number, suffix: string): string {
  return 'networking.transparentProxing.reachableBackends.refs[' + j + ']' + suffix;
}
