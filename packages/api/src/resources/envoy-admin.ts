import { protoMessage, protoUint32 } from '../decoding/proto-json.js';

/** `EnvoyAdmin` (`api/mesh/v1alpha1/envoy_admin.proto`): where Envoy's admin API listens. */
export interface EnvoyAdmin {
  /** `0` when unset: the bootstrap default (`KUMA_BOOTSTRAP_SERVER_PARAMS_ADMIN_PORT`, 9901) applies. */
  readonly port: number;
}

export const envoyAdminSchema = protoMessage({ port: protoUint32 });
