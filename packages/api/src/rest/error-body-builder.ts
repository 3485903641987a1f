/**
 * Kuma's REST error bodies (`pkg/core/rest/errors/error_handler.go`, `types/error.go`): Kong AIP-193
 * fields plus the legacy `details`/`causes` copies that `HandleError` always fills in.
 *
 * Each builder returns the body; its `status` is the HTTP status to answer with. `instance`,
 * `invalid_parameters` and `causes` are left out when empty, as Go's `omitempty` does.
 */

/** A violation as validators and decoders report it. */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export interface InvalidParameter {
  readonly field: string;
  readonly reason: string;
  readonly rule?: string;
  readonly choices?: readonly string[];
}

export interface ErrorCause {
  readonly field: string;
  readonly message: string;
}

export interface KumaErrorBody {
  readonly type: '/std-errors';
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** Trace id, when tracing is on. */
  readonly instance?: string;
  readonly invalid_parameters?: readonly InvalidParameter[];
  /** Deprecated copy of `detail`. */
  readonly details: string;
  /** Deprecated copy of `invalid_parameters` as `{field, message}`. */
  readonly causes?: readonly ErrorCause[];
}

/**
 * Titles Kuma's resource handlers pass, per operation and the same for every type: list, get, put
 * (processing, then the store's create or update), delete, and `retrieveMesh` when the mesh of a
 * mesh-scoped path does not exist (whatever the operation). Only Kuma's inspect endpoints (`_rules`) name
 * the type, as `Could not retrieve <Type>`.
 */
export const ErrorTitles = {
  processResource: 'Could not process a resource',
  retrieveResource: 'Could not retrieve a resource',
  retrieveResources: 'Could not retrieve resources',
  createResource: 'Failed to create a resource',
  updateResource: 'Failed to update a resource',
  deleteResource: 'Could not delete a resource',
  retrieveMesh: 'Failed to retrieve Mesh',
} as const;

/** `globalReadOnlyMessage` in `pkg/api-server/resource_endpoints.go` (the trailing newline is Kuma's). */
export const GLOBAL_READ_ONLY_MESSAGE =
  "On global control plane you can not modify dataplane resources with 'kumactl apply' or via the HTTP API." +
  " You can still use 'kumactl' or the HTTP API to modify them on the zone control plane.\n";

/** `zoneReadOnlyMessage`, for types a zone does not own. */
export const ZONE_READ_ONLY_MESSAGE =
  "On zone control plane you can only modify zone resources with 'kumactl apply' or via the HTTP API." +
  " You can still use 'kumactl' or the HTTP API to modify the rest of the resource on the global control plane.\n";

/** Kuma's maximum `size` of a list page. */
export const MAX_PAGE_SIZE = 1000;

/** The generic builder: fills `type`, `details` and `causes` the way `HandleError` does. */
export function buildErrorBody(fields: {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly invalidParameters?: readonly InvalidParameter[];
  readonly instance?: string;
}): KumaErrorBody {
  const invalid = fields.invalidParameters ?? [];
  return {
    type: '/std-errors',
    status: fields.status,
    title: fields.title,
    detail: fields.detail,
    ...(fields.instance ? { instance: fields.instance } : {}),
    ...(invalid.length > 0 ? { invalid_parameters: invalid } : {}),
    details: fields.detail,
    ...(invalid.length > 0 ? { causes: invalid.map((p) => ({ field: p.field, message: p.reason })) } : {}),
  };
}

/** 400 for a resource that fails validation; violations keep their order. */
export function validationErrorBody(violations: readonly FieldViolation[], title: string = ErrorTitles.processResource): KumaErrorBody {
  return buildErrorBody({
    status: 400,
    title,
    detail: 'Resource is not valid',
    invalidParameters: violations.map((v) => ({ field: v.field, reason: v.message })),
  });
}

/** 404. */
export function notFoundErrorBody(title: string = ErrorTitles.retrieveResource): KumaErrorBody {
  return buildErrorBody({ status: 404, title, detail: 'Not found' });
}

/** 400 `Bad Request` with a free-form detail. */
export function badRequestErrorBody(detail: string): KumaErrorBody {
  return buildErrorBody({ status: 400, title: 'Bad Request', detail });
}

/**
 * 400 for a body that is not JSON or has wrong types: `invalid Dataplane object: "…"` (Go `%q`).
 * Decode issues are joined as `field: message; field: message`, like Kuma's `ValidationError`.
 */
export function invalidResourceObjectErrorBody(resourceType: string, reason: string | readonly FieldViolation[]): KumaErrorBody {
  const text = typeof reason === 'string' ? reason : reason.map((v) => `${v.field}: ${v.message}`).join('; ');
  return badRequestErrorBody(`invalid ${resourceType} object: ${JSON.stringify(text)}`);
}

/** 400 when the mesh in the path does not exist. */
export function meshNotFoundErrorBody(mesh: string, title: string = ErrorTitles.processResource): KumaErrorBody {
  return buildErrorBody({
    status: 400,
    title,
    detail: 'Mesh is not found',
    invalidParameters: [{ field: 'mesh', reason: `mesh of name ${mesh} is not found` }],
  });
}

/** 400 for a `size` query parameter that is not a number. */
export function invalidPageSizeFormatErrorBody(title: string = ErrorTitles.retrieveResources): KumaErrorBody {
  return pageSizeErrorBody('invalid format', title);
}

/** 400 for a `size` above {@link MAX_PAGE_SIZE}. */
export function pageSizeTooLargeErrorBody(
  size: number,
  title: string = ErrorTitles.retrieveResources,
  limit: number = MAX_PAGE_SIZE,
): KumaErrorBody {
  return pageSizeErrorBody(`invalid page size of ${size}. Maximum page size is ${limit}`, title);
}

function pageSizeErrorBody(reason: string, title: string): KumaErrorBody {
  return buildErrorBody({ status: 400, title, detail: 'Invalid page size', invalidParameters: [{ field: 'size', reason }] });
}

/** 400 for an `offset` that is not one Kuma issued. */
export function invalidOffsetErrorBody(title: string = ErrorTitles.retrieveResources): KumaErrorBody {
  return buildErrorBody({
    status: 400,
    title,
    detail: 'Invalid offset',
    invalidParameters: [{ field: 'offset', reason: 'Invalid format' }],
  });
}

/** 409, e.g. an optimistic-concurrency clash or a resource that already exists. */
export function conflictErrorBody(detail = 'Conflict'): KumaErrorBody {
  return buildErrorBody({ status: 409, title: 'Conflict', detail });
}

/** 405 for writes to read-only types; by default the global CP's message for zone-synced types. */
export function methodNotAllowedErrorBody(detail: string = GLOBAL_READ_ONLY_MESSAGE): KumaErrorBody {
  return buildErrorBody({ status: 405, title: 'Method not allowed', detail });
}

/** 500; the cause is logged by the caller, never sent. */
export function internalErrorBody(title: string): KumaErrorBody {
  return buildErrorBody({ status: 500, title, detail: 'Internal Server Error' });
}
