import type { Dataplane, DataplaneInbound } from "./dataplane.js";
import { type Duration, formatDuration } from "./go-duration.js";
import type { CertificateAuthorityBackend, Mesh } from "./mesh.js";
import type { Resource } from "./resource.js";

/**
 * A decoded resource as Kuma-compatible JSON data (for REST responses, events, storage): the same
 * flat envelope, with durations written back as strings (`"10s"`, `"1.500s"`). Zero values stay in
 * (Kuma accepts them), so `decodeResource(resourceToJson(r))` yields `r` again.
 *
 * Shares unchanged sub-objects with the input; neither may be mutated.
 */
export function resourceToJson(resource: Resource): object {
  switch (resource.type) {
    case "Dataplane":
      return dataplaneToJson(resource);
    case "Mesh":
      return meshToJson(resource);
    default:
      return resource;
  }
}

function durationToJson(duration: Duration | undefined): string | undefined {
  return duration === undefined ? undefined : formatDuration(duration);
}

function dataplaneToJson(dataplane: Dataplane): object {
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

function meshToJson(mesh: Mesh): object {
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
