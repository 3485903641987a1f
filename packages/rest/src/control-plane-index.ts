import { hostname } from 'node:os';
import { BASED_ON_KUMA, KUMIKO_VERSION } from '@kumiko/api';

/** What answers `GET /`: Kuma's index body. */
export interface ControlPlaneIndex {
  readonly hostname: string;
  readonly product: string;
  readonly version: string;
  /** Present because Kumiko is a product derived from Kuma: the Kuma version it is compatible with. */
  readonly basedOnKuma: string;
  readonly instanceId: string;
  /** The multizone deployment's id; empty until the control plane knows one. */
  readonly clusterId: string;
  /** Where the GUI is served; empty when there is none. */
  readonly gui: string;
}

export interface ControlPlaneIndexOptions {
  /** This control plane process's id (the one its insights and heartbeats name). */
  readonly instanceId: string;
  /** The deployment's cluster id, read at each request. Default: none yet (`''`). */
  readonly clusterId?: () => string;
}

/**
 * The body of `GET /`, as Kuma 2.13 answers it (no `tagline` any more). Kumiko serves no GUI, which Kuma
 * reports as an empty `gui`. Returns a new object.
 */
export function controlPlaneIndex(options: ControlPlaneIndexOptions): ControlPlaneIndex {
  return {
    hostname: hostname(),
    product: 'Kumiko',
    version: KUMIKO_VERSION,
    basedOnKuma: BASED_ON_KUMA,
    instanceId: options.instanceId,
    clusterId: options.clusterId?.() ?? '',
    gui: '',
  };
}
