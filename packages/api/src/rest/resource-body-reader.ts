import type { DecodeResult } from '../decoding/decode-result.js';
import type { Resource, ResourceType } from '../registry/resource-type-registry.js';
import { validateResourceRequest, type ResourceRequestCheckOptions } from '../validation/resource-request-validator.js';
import { validateResourceSpec } from '../validation/resource-validator.js';
import { inputSafetyViolation } from '../validation/input-safety-validator.js';
import { resourceCountViolations, resourceSizeMessage } from '../validation/resource-limits-validator.js';
import { badRequestErrorBody, invalidResourceObjectErrorBody, validationErrorBody, type KumaErrorBody } from './error-body-builder.js';

/** A parsed request part, or the Kuma error body to answer with. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KumaErrorBody };

/**
 * Reads a PUT body the way Kuma's API server does: JSON that does not parse or decode is a 400
 * `Bad Request` (`invalid <Type> object: "…"`); then the spec rules (`Validate()`), reported alone when
 * they fail; then the request checks — name, type and mesh against the URL, the control plane's label
 * rules (global, or a federated zone's with its name length), the meta rules — reported together. Pure.
 *
 * Beyond Kuma, what no stored resource may hold is refused as a bad object before decoding (a NUL character in
 * any string or key, nesting deeper than the input limit), and after validation Kumiko's limits apply: label and
 * tag counts (`Resource is not valid`), then the size of the resource's JSON form against what one event on the
 * bus can carry (400 `Bad Request` naming the limit).
 */
export function readResourceBody<T extends Resource>(
  raw: unknown,
  expected: {
    readonly type: T['type'] & ResourceType;
    readonly urlName: string;
    readonly urlMesh: string;
    readonly decode: (input: unknown) => DecodeResult<T>;
  },
  requestChecks: ResourceRequestCheckOptions,
): ParseResult<T> {
  let input: unknown;
  try {
    input = JSON.parse(typeof raw === 'string' ? raw : '');
  } catch (error) {
    return { ok: false, error: invalidResourceObjectErrorBody(expected.type, error instanceof Error ? error.message : String(error)) };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: invalidResourceObjectErrorBody(expected.type, 'expected a JSON object') };
  }
  const unsafe = inputSafetyViolation(input);
  if (unsafe !== undefined) return { ok: false, error: invalidResourceObjectErrorBody(expected.type, [unsafe]) };
  // A body of another type is a request-check violation (type from the URL), not a decoding error.
  const bodyType = (input as { type?: unknown }).type;
  const decoded = expected.decode({ ...input, type: expected.type });
  if (!decoded.ok) return { ok: false, error: invalidResourceObjectErrorBody(expected.type, decoded.issues) };
  const resource = decoded.value;
  const spec = validateResourceSpec(resource);
  if (spec.length > 0) return { ok: false, error: validationErrorBody(spec) };
  const request = validateResourceRequest(
    {
      urlType: expected.type,
      urlName: expected.urlName,
      urlMesh: expected.urlMesh,
      body: {
        type: typeof bodyType === 'string' ? bodyType : '',
        name: resource.name,
        ...('mesh' in resource ? { mesh: resource.mesh } : {}),
        labels: resource.labels,
      },
    },
    requestChecks,
  );
  if (request.length > 0) return { ok: false, error: validationErrorBody(request) };
  const counts = resourceCountViolations(resource);
  if (counts.length > 0) return { ok: false, error: validationErrorBody(counts) };
  const tooLarge = resourceSizeMessage(resource);
  if (tooLarge !== undefined) return { ok: false, error: badRequestErrorBody(tooLarge) };
  return { ok: true, value: resource };
}
