import { isKumaDuration } from '../resources/kuma-duration.js';
import type { Mesh, MeshMtls } from '../resources/mesh.js';
import { goQuote } from './go-quote.js';
import { validateLogging, validateTracing } from './mesh-backend-validators.js';
import { validateMetricsBackendType } from './metrics-backend-validator.js';
import { CONSTRAINT_SELECTOR_RULES, validateTags } from './tag-validator.js';
import type { Violation, ViolationSink } from './violation.js';

/**
 * Kuma v2.13 `MeshResource.Validate()` (`mesh_validator.go`), in its order: `mtls`, `logging`, `tracing`,
 * `metrics`, `constraints`, and last the zone-egress rule (`routing.zoneEgress: true` needs an enabled mTLS
 * backend → `mtls: has to be set when zoneEgress enabled`). The caller owns the returned array.
 */
export function validateMesh(mesh: Mesh): Violation[] {
  const out: Violation[] = [];
  validateMtls(out, mesh.mtls);
  validateLogging(out, mesh.logging);
  validateTracing(out, mesh.tracing);
  validateMeshMetrics(out, mesh.metrics);
  const dataplaneProxy = mesh.constraints?.dataplaneProxy;
  if (dataplaneProxy !== undefined) {
    dataplaneProxy.requirements.forEach((rule, i) =>
      validateTags(out, rule.tags, 'constraints.dataplaneProxy.requirements', i, CONSTRAINT_SELECTOR_RULES),
    );
    dataplaneProxy.restrictions.forEach((rule, i) =>
      validateTags(out, rule.tags, 'constraints.dataplaneProxy.restrictions', i, CONSTRAINT_SELECTOR_RULES),
    );
  }
  if (mesh.routing?.zoneEgress === true && (mesh.mtls?.enabledBackend ?? '') === '') {
    out.push({ field: 'mtls', message: 'has to be set when zoneEgress enabled' });
  }
  return out;
}

/** `AllowedMTLSBackends`: Kuma allows one CA backend per mesh. */
const ALLOWED_MTLS_BACKENDS = 1;

function validateMtls(out: ViolationSink, mtls: MeshMtls | undefined): void {
  if (mtls === undefined) return;
  if (mtls.backends.length > ALLOWED_MTLS_BACKENDS) {
    out.push({ field: 'mtls.backends', message: `cannot have more than ${ALLOWED_MTLS_BACKENDS} backends` });
  }
  const used = new Set<string>();
  mtls.backends.forEach((backend, i) => {
    if (used.has(backend.name)) {
      out.push({ field: `mtls.backends[${i}].name`, message: `${goQuote(backend.name)} name is already used for another backend` });
    }
    used.add(backend.name);
  });
  if (mtls.enabledBackend !== '' && !used.has(mtls.enabledBackend)) {
    out.push({ field: 'mtls.enabledBackend', message: 'has to be set to one of the backends in the mesh' });
  }
  for (const backend of mtls.backends) {
    // Kuma reports this at a fixed, un-indexed path (`AddViolation("dpcert.rotation.expiration", …)`).
    if (backend.dpCert !== undefined && !isKumaDuration(backend.dpCert.rotation?.expiration ?? '')) {
      out.push({ field: 'mtls.dpcert.rotation.expiration', message: 'has to be a valid format' });
    }
  }
}

function validateMeshMetrics(out: ViolationSink, metrics: Mesh['metrics']): void {
  if (metrics === undefined) return;
  const used = new Set<string>();
  metrics.backends.forEach((backend, i) => {
    const base = `metrics.backends[${i}]`;
    if (used.has(backend.name))
      out.push({ field: base + '.name', message: `${goQuote(backend.name)} name is already used for another backend` });
    validateMetricsBackendType(out, base, backend);
    used.add(backend.name);
  });
  if (metrics.enabledBackend !== '' && !used.has(metrics.enabledBackend)) {
    out.push({ field: 'metrics.enabledBackend', message: 'has to be set to one of the backends in the mesh' });
  }
}
