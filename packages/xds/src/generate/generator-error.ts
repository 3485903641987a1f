import type { XdsProxy } from './xds-proxy.js';

/** The inbound a generator was working on when it failed. */
export interface InboundRef {
  /** Position in the Dataplane's `networking.inbound`. */
  readonly index: number;
  /** The listener address (the inbound's, else the Dataplane's). */
  readonly address: string;
  readonly port: number;
}

export interface GeneratorErrorContext {
  /** The generator's name (its function name, e.g. `inboundListenerGenerator`). */
  readonly generator: string;
  readonly proxy: XdsProxy;
  readonly inbound?: InboundRef | undefined;
}

/**
 * A generator threw while generating a proxy's resources. Names the generator, the proxy (type,
 * mesh for a Dataplane, name, node id) and, for per-inbound work, the inbound; the original error is
 * the `cause`. Kuma's composite generator reports failures the same way, so a bad Dataplane can be
 * found from the log line alone.
 */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
  readonly code = 'GENERATOR_FAILED';
  readonly generator: string;
  readonly proxyType: XdsProxy['type'];
  /** The proxy's Envoy `node.id`. */
  readonly proxyId: string;
  /** The Dataplane's mesh; `undefined` for ZoneIngress and ZoneEgress, which belong to no mesh. */
  readonly mesh: string | undefined;
  readonly proxyName: string;
  readonly inbound: InboundRef | undefined;

  constructor(context: GeneratorErrorContext, options: { readonly cause: unknown }) {
    const { generator, proxy, inbound } = context;
    const mesh = proxy.type === 'Dataplane' ? proxy.mesh : undefined;
    const proxyName = proxyNameOf(proxy);
    const where = `${proxy.type} ${mesh === undefined ? proxyName : `${mesh}/${proxyName}`}`;
    const at = inbound === undefined ? '' : `, inbound[${inbound.index}] ${inbound.address}:${inbound.port}`;
    super(`generator ${generator} failed for ${where}${at}: ${messageOf(options.cause)}`, { cause: options.cause });
    this.generator = generator;
    this.proxyType = proxy.type;
    this.proxyId = proxy.id;
    this.mesh = mesh;
    this.proxyName = proxyName;
    this.inbound = inbound;
  }
}

/**
 * Carries the inbound a generator's per-inbound work failed on up to the composition, which turns
 * it into a {@link GeneratorError}. Thrown only by {@link forInbound}; never escapes the package.
 */
export class InboundGenerationError extends Error {
  override readonly name = 'InboundGenerationError';
  readonly code = 'INBOUND_GENERATION_FAILED';
  readonly inbound: InboundRef;

  constructor(inbound: InboundRef, options: { readonly cause: unknown }) {
    super(`inbound[${inbound.index}] ${inbound.address}:${inbound.port}: ${messageOf(options.cause)}`, { cause: options.cause });
    this.inbound = inbound;
  }
}

/** Runs a generator's work for one inbound so that a failure names that inbound. */
export function forInbound<T>(inbound: InboundRef, work: () => T): T {
  try {
    return work();
  } catch (cause) {
    throw new InboundGenerationError(inbound, { cause });
  }
}

function proxyNameOf(proxy: XdsProxy): string {
  switch (proxy.type) {
    case 'Dataplane':
      return proxy.dataplane.name;
    case 'ZoneIngress':
      return proxy.zoneIngress.name;
    case 'ZoneEgress':
      return proxy.zoneEgress.name;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
