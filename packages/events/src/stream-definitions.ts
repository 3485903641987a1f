import { ALL_ZONES_FILTER, GLOBAL_FILTER } from './subjects.js';

/**
 * JetStream stream definitions, independent of the client library (packages/bus maps them onto
 * nats.js). Only NATS 2.9 features are used.
 */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly storage: 'file' | 'memory';
  /** Messages kept per subject; older ones are discarded. */
  readonly maxMsgsPerSubject: number;
  /** Window in which a repeated `Nats-Msg-Id` is acknowledged as a duplicate and not stored. */
  readonly duplicateWindowMs: number;
  /** Direct get (last message per subject without a consumer). */
  readonly allowDirect: true;
}

export interface ZonesStreamOptions {
  /** Default: `ZONES`. */
  readonly name?: string;
  /** Messages kept per resource subject; the newest is the resource's state. Default: 5. */
  readonly maxMsgsPerSubject?: number;
  /** Default: 2 minutes. */
  readonly duplicateWindowMs?: number;
}

/** ZONES: what every zone publishes; each zone's own store and the global projector's input. */
export function zonesStream(options: ZonesStreamOptions = {}): StreamDefinition {
  return {
    name: options.name ?? 'ZONES',
    subjects: [ALL_ZONES_FILTER],
    storage: 'file',
    maxMsgsPerSubject: options.maxMsgsPerSubject ?? 5,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    allowDirect: true,
  };
}

export interface GlobalStreamOptions {
  /** Default: `GLOBAL`. */
  readonly name?: string;
  /** Default: 2 minutes. */
  readonly duplicateWindowMs?: number;
}

/**
 * GLOBAL: the materialised global view, one message per subject (the resource's current state, or a
 * tombstone after a deletion), published by the global CP's outbox relay.
 */
export function globalStream(options: GlobalStreamOptions = {}): StreamDefinition {
  return {
    name: options.name ?? 'GLOBAL',
    subjects: [GLOBAL_FILTER],
    storage: 'file',
    maxMsgsPerSubject: 1,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    allowDirect: true,
  };
}
