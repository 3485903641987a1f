import type { Dataplane, DataplaneInbound } from './dataplane.js';
import { type Duration, formatDuration } from './go-duration.js';
import type { CertificateAuthorityBackend, Mesh } from './mesh.js';

function durationToJson(duration: Duration | undefined): string | undefined {
  return duration === undefined ? undefined : formatDuration(duration);
}

/** A Dataplane in Kuma JSON form: probe durations as strings. Shares unchanged sub-objects with the input. */
export function dataplaneToJson(dataplane: Dataplane): object {
  const networking = dataplane.networking;
  if (networking === undefined || !networking.inbound.some((inbound) => inbound.serviceProbe !== undefined)) {
    return dataplane;
  }
  return { ...dataplane, networking: { ...networking, inbound: networking.inbound.map(inboundToJson) } };
}

function inboundToJson(inbound: DataplaneInbound): unknown {
  const probe = inbound.serviceProbe;
  if (probe === undefined) return inbound;
  return {
    ...inbound,
    serviceProbe: { ...probe, interval: durationToJson(probe.interval), timeout: durationToJson(probe.timeout) },
  };
}

/** A Mesh in Kuma JSON form: CA backend durations as strings. Shares unchanged sub-objects with the input. */
export function meshToJson(mesh: Mesh): object {
  const mtls = mesh.mtls;
  if (mtls === undefined) return mesh;
  return { ...mesh, mtls: { ...mtls, backends: mtls.backends.map(caBackendToJson) } };
}

function caBackendToJson(backend: CertificateAuthorityBackend): unknown {
  return {
    ...backend,
    ...(backend.dpCert && {
      dpCert: { ...backend.dpCert, requestTimeout: durationToJson(backend.dpCert.requestTimeout) },
    }),
    ...(backend.rootChain && {
      rootChain: { ...backend.rootChain, requestTimeout: durationToJson(backend.rootChain.requestTimeout) },
    }),
  };
}
