import {
  invalidResourceObjectErrorBody,
  validateResourceRequest,
  validateResourceSpec,
  validationErrorBody,
  type DecodeResult,
  type Resource,
  type ResourceType,
} from '@kumiko/api';
import type { ParseResult } from './zone-list-request.js';

/**
 * Reads a PUT body the way Kuma's API server does on a federated zone CP: JSON that does not parse or decode
 * is a 400 `Bad Request` (`invalid <Type> object: "…"`); then the spec rules, reported alone when they fail;
 * then the request checks (URL vs body, the federated zone's name length and label rules, meta rules),
 * reported together. Pure.
 */
export function readZoneResourceBody<T extends Resource>(
  raw: unknown,
  expected: {
    readonly type: T['type'] & ResourceType;
    readonly urlName: string;
    readonly urlMesh: string;
    readonly zoneName: string;
    readonly decode: (input: unknown) => DecodeResult<T>;
  },
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
    { mode: 'zone', federatedZone: true, zoneName: expected.zoneName },
  );
  if (request.length > 0) return { ok: false, error: validationErrorBody(request) };
  return { ok: true, value: resource };
}
