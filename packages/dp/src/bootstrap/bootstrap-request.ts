import { KUMIKO_VERSION } from '@kumiko/api';
import type { DpProxyType } from '../config/dp-proxy-type.js';
import type { EnvoyVersion } from '../envoy/envoy-version.js';

/**
 * Kuma's `BootstrapRequest` (`pkg/xds/bootstrap/types/bootstrap_request.go`), the JSON body of
 * `POST /bootstrap`. Fields kumiko-dp has no use for (transparent proxy, metrics certificates, SPIRE)
 * are left out, as kuma-dp leaves them out when unset.
 */
export interface BootstrapRequest {
  readonly mesh: string;
  readonly name: string;
  readonly proxyType: DpProxyType;
  readonly dataplaneToken: string;
  readonly dataplaneTokenPath?: string;
  /** The resource as a JSON string; absent when the CP already knows the proxy. */
  readonly dataplaneResource?: string;
  readonly version: {
    readonly kumaDp: { readonly version: string; readonly gitTag: string; readonly gitCommit: string; readonly buildDate: string };
    readonly envoy: { readonly version: string; readonly build: string; readonly kumaDpCompatible: boolean };
  };
  readonly caCert: string;
  readonly dynamicMetadata: Readonly<Record<string, string>>;
  /** The local DNS resolver's port; 0 when it does not run. */
  readonly dnsPort: number;
  readonly readinessPort: number;
  /** Kuma's `AppProbeProxyEnabled` under a historical, inverted wire name; kumiko-dp runs no probe proxy. */
  readonly appProbeProxyDisabled: boolean;
  readonly operatingSystem: string;
  readonly features: readonly string[];
  readonly resources: { readonly maxHeapSizeBytes: number };
  readonly workdir: string;
}

export interface BootstrapRequestInput {
  readonly proxyType: DpProxyType;
  readonly name: string;
  readonly mesh: string;
  readonly resourceJson: string | undefined;
  readonly token: string | undefined;
  readonly tokenPath: string | undefined;
  readonly envoy: EnvoyVersion;
  readonly dnsPort: number;
  readonly workdir: string;
  /** The CA (PEM) kumiko-dp verifies the CP with (`--ca-cert-file`); the CP puts it in Envoy's ADS cluster. */
  readonly caCert?: string | undefined;
  /** Defaults to `process.platform`. */
  readonly operatingSystem?: string;
}

/**
 * Kuma features (`pkg/xds/types` `Feature*`) this agent implements. None: Kuma's
 * `feature-embedded-dns` would make the CP push the DNS table through an Envoy route, while
 * kumiko-dp polls `GET /dns` instead; claiming a feature the agent lacks breaks the proxy.
 */
export const KUMIKO_DP_FEATURES: readonly string[] = [];

/** Builds the request body. Pure; the result is a fresh object the caller may serialise. */
export function buildBootstrapRequest(input: BootstrapRequestInput): BootstrapRequest {
  return {
    mesh: input.mesh,
    name: input.name,
    proxyType: input.proxyType,
    dataplaneToken: input.token ?? '',
    ...(input.tokenPath === undefined ? {} : { dataplaneTokenPath: input.tokenPath }),
    ...(input.resourceJson === undefined ? {} : { dataplaneResource: input.resourceJson }),
    version: {
      kumaDp: { version: KUMIKO_VERSION, gitTag: `v${KUMIKO_VERSION}`, gitCommit: 'unknown', buildDate: 'unknown' },
      envoy: { version: input.envoy.version, build: input.envoy.build, kumaDpCompatible: true },
    },
    caCert: input.caCert ?? '',
    dynamicMetadata: {},
    dnsPort: input.dnsPort,
    readinessPort: 0,
    appProbeProxyDisabled: false,
    operatingSystem: input.operatingSystem ?? process.platform,
    features: KUMIKO_DP_FEATURES,
    resources: { maxHeapSizeBytes: 0 },
    workdir: input.workdir,
  };
}
