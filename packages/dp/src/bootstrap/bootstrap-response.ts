import { YamlParseError, parseYamlDocuments } from '@kumiko/api';
import { z } from 'zod';
import type { EnvoyAdminAddress } from '../envoy/envoy-admin-client.js';

/** The CP answered 2xx with something that is not a usable bootstrap. */
export class BootstrapResponseError extends Error {
  override readonly name = 'BootstrapResponseError';
  readonly code = 'INVALID_BOOTSTRAP_RESPONSE';
}

/** The decoded answer of `POST /bootstrap`. */
export interface BootstrapResponse {
  /** Envoy's bootstrap configuration, YAML. */
  readonly bootstrapYaml: string;
  /** `kumaSidecarConfiguration` as sent (networking, metrics); `{}` when absent. */
  readonly sidecarConfiguration: Readonly<Record<string, unknown>>;
  /** The bootstrap's `admin.address.socket_address`; `undefined` when it has none. */
  readonly admin: EnvoyAdminAddress | undefined;
  /**
   * Kumiko's addition to the JSON answer (`kumikoMeshMtls`): whether the Dataplane's mesh had mTLS on when the
   * bootstrap was served. Absent from Kuma's answers and from raw YAML ones.
   */
  readonly meshMtls?: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const jsonResponseSchema = z.object({
  bootstrap: z
    .string()
    .min(1)
    .refine((value) => value.length % 4 === 0 && BASE64.test(value), 'expected base64'),
  kumaSidecarConfiguration: z.record(z.string(), z.unknown()).nullish(),
  kumikoMeshMtls: z.boolean().optional(),
});

const port = z.coerce.number().int().min(1).max(65535);
/** Envoy reads YAML with proto field names or their JSON (camelCase) names; accept both. */
const socketAddressSchema = z.object({
  address: z.string().optional(),
  port_value: port.optional(),
  portValue: port.optional(),
});
const bootstrapAdminSchema = z.object({
  admin: z
    .object({
      address: z.object({ socket_address: socketAddressSchema.optional(), socketAddress: socketAddressSchema.optional() }).optional(),
    })
    .optional(),
});

/**
 * Decodes the body of a 2xx `POST /bootstrap`: with `Accept: application/json` Kuma answers
 * `{bootstrap: <base64 YAML>, kumaSidecarConfiguration}`; a CP that ignores Accept sends the YAML
 * itself (`text/x-yaml`), which is taken as it is. The YAML must parse to one object. Throws
 * {@link BootstrapResponseError}.
 */
export function decodeBootstrapResponse(contentType: string | null, body: string): BootstrapResponse {
  let yaml = body;
  let sidecarConfiguration: Readonly<Record<string, unknown>> = {};
  let meshMtls: boolean | undefined;
  if (contentType?.toLowerCase().startsWith('application/json') === true) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (cause) {
      throw new BootstrapResponseError('the bootstrap response is not valid JSON', { cause });
    }
    const parsed = jsonResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new BootstrapResponseError(
        `unexpected bootstrap response: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    yaml = Buffer.from(parsed.data.bootstrap, 'base64').toString('utf8');
    sidecarConfiguration = parsed.data.kumaSidecarConfiguration ?? {};
    meshMtls = parsed.data.kumikoMeshMtls;
  }
  let documents;
  try {
    documents = parseYamlDocuments(yaml);
  } catch (error) {
    if (error instanceof YamlParseError)
      throw new BootstrapResponseError(`the bootstrap is not valid YAML: ${error.message}`, { cause: error });
    throw error;
  }
  const document = documents[0]?.value;
  if (documents.length !== 1 || typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new BootstrapResponseError('the bootstrap is not one YAML object');
  }
  return { bootstrapYaml: yaml, sidecarConfiguration, admin: adminAddressOf(document), ...(meshMtls === undefined ? {} : { meshMtls }) };
}

function adminAddressOf(bootstrap: object): EnvoyAdminAddress | undefined {
  const parsed = bootstrapAdminSchema.safeParse(bootstrap);
  const socket = parsed.success ? (parsed.data.admin?.address?.socket_address ?? parsed.data.admin?.address?.socketAddress) : undefined;
  const portValue = socket?.port_value ?? socket?.portValue;
  if (portValue === undefined) return undefined;
  return { host: socket?.address ?? '127.0.0.1', port: portValue };
}
