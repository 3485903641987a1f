import type { Dataplane, DataplaneNetworking, DataplaneProbes } from '../resources/dataplane.js';
import { GatewayTypes } from '../resources/dataplane.js';
import { validatePort } from './common-validators.js';
import { validateDataplaneNetworking } from './dataplane-networking-validator.js';
import { isValidRequestURI } from './go-request-uri.js';
import { overlapsIPv4Loopback } from './ip-address.js';
import { validateMetricsBackendType } from './metrics-backend-validator.js';
import { GATEWAY_TAG_RULES, validateTags } from './tag-validator.js';
import type { Violation } from './violation.js';

/**
 * Kuma v2.13.10 `DataplaneResource.Validate()` (`dataplane_validator.go`): every violation of the spec,
 * in Kuma's order. An empty array means valid. The caller owns the returned array.
 *
 * R0 `networking` must be set (nothing else is checked without it); R1 the admin port must not collide with
 * an inbound or outbound on 127.0.0.1; R2 the mode switch: a delegated gateway (no inbounds; gateway tags,
 * networking, probes), a builtin gateway (no inbounds, outbounds or probes; gateway tags, networking) or a
 * sidecar (at least one inbound; networking, probes, metrics).
 */
export function validateDataplane(dataplane: Dataplane): Violation[] {
  const out: Violation[] = [];
  const networking = dataplane.networking;
  if (networking === undefined) {
    out.push({ field: 'networking', message: 'must be defined' });
    return out;
  }
  if (networking.admin !== undefined) {
    const port = networking.admin.port;
    if (usesInboundInterface(networking, port)) out.push({ field: 'networking.admin.port', message: 'must differ from inbound' });
    if (usesOutboundInterface(networking, port)) out.push({ field: 'networking.admin.port', message: 'must differ from outbound' });
  }
  const gateway = networking.gateway;
  if (gateway !== undefined && gateway.type === GatewayTypes.DELEGATED) {
    if (networking.inbound.length > 0) {
      out.push({ field: 'networking.inbound', message: 'inbound cannot be defined for delegated gateways' });
    }
    validateTags(out, gateway.tags, 'networking.gateway', -1, GATEWAY_TAG_RULES);
    validateDataplaneNetworking(out, networking);
    validateProbes(out, dataplane.probes);
  } else if (gateway !== undefined && gateway.type === GatewayTypes.BUILTIN) {
    if (networking.inbound.length > 0) {
      out.push({ field: 'networking.inbound', message: 'inbound cannot be defined for builtin gateways' });
    }
    if (networking.outbound.length > 0) {
      out.push({ field: 'networking.outbound', message: 'outbound cannot be defined for builtin gateways' });
    }
    if (dataplane.probes !== undefined) {
      out.push({ field: 'networking.probes', message: 'probes cannot be defined for builtin gateways' });
    }
    validateTags(out, gateway.tags, 'networking.gateway', -1, GATEWAY_TAG_RULES);
    validateDataplaneNetworking(out, networking);
  } else {
    if (networking.inbound.length === 0) {
      out.push({ field: 'networking', message: 'has to contain at least one inbound interface or gateway' });
    }
    validateDataplaneNetworking(out, networking);
    validateProbes(out, dataplane.probes);
    if (dataplane.metrics !== undefined) validateMetricsBackendType(out, 'metrics', dataplane.metrics);
  }
  return out;
}

/**
 * Kuma's `UsesInboundInterface(127.0.0.1, port)`: some inbound listens on `port` (at `inbound.address`, else
 * `networking.address`), or its workload does (`servicePort`, else `port`, at `serviceAddress`, else the
 * listener address), on an address overlapping 127.0.0.1.
 */
function usesInboundInterface(networking: DataplaneNetworking, port: number): boolean {
  for (const inbound of networking.inbound) {
    const listenerIP = inbound.address !== '' ? inbound.address : networking.address;
    if (port === inbound.port && overlapsIPv4Loopback(listenerIP)) return true;
    const workloadPort = inbound.servicePort !== 0 ? inbound.servicePort : inbound.port;
    const workloadIP = inbound.serviceAddress !== '' ? inbound.serviceAddress : listenerIP;
    if (port === workloadPort && overlapsIPv4Loopback(workloadIP)) return true;
  }
  return false;
}

/** Kuma's `UsesOutboundInterface(127.0.0.1, port)`: an outbound on `port` at `address` (default 127.0.0.1). */
function usesOutboundInterface(networking: DataplaneNetworking, port: number): boolean {
  for (const outbound of networking.outbound) {
    if (port === outbound.port && overlapsIPv4Loopback(outbound.address !== '' ? outbound.address : '127.0.0.1')) return true;
  }
  return false;
}

/** Rule P: the probe port, and each endpoint's inbound port and both paths (Go `url.ParseRequestURI`). */
function validateProbes(out: Violation[], probes: DataplaneProbes | undefined): void {
  if (probes === undefined) return;
  validatePort(out, 'probes.port', probes.port);
  probes.endpoints.forEach((endpoint, k) => {
    validatePort(out, `probes.endpoints[${k}].inboundPort`, endpoint.inboundPort);
    if (!isValidRequestURI(endpoint.inboundPath)) {
      out.push({ field: `probes.endpoints[${k}].inboundPath`, message: 'should be a valid URL Path' });
    }
    if (!isValidRequestURI(endpoint.path)) out.push({ field: `probes.endpoints[${k}].path`, message: 'should be a valid URL Path' });
  });
}
