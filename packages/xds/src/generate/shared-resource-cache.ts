import type { GeneratedResource } from '../snapshot/generated-resource.js';
import type { MeshView } from './mesh-view.js';

/**
 * What every generator receives: the view, plus two memos that make work done for one proxy
 * available to the next. Both are invisible in the output — a generator given a fresh context
 * returns equal resources — so generators stay pure functions of (view, proxy).
 */
export interface GeneratorContext {
  readonly view: MeshView;
  /**
   * A value derived from the view alone (an endpoint map, a fingerprint), computed once per view.
   * `key` must identify both the computation and its result type; by convention it starts with the
   * name of the one function that uses it.
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * A resource identical for every proxy that needs it (a service's Cluster or load assignment).
   * Built once per view; carried over to the next view — same object, so already encoded — when
   * `fingerprint` (a text of everything `build` reads) is unchanged.
   */
  shared(key: string, fingerprint: string, build: () => GeneratedResource): GeneratedResource;
  /**
   * Like {@link memo}, but carried over from the previous view when `inputs` holds the very same
   * objects (compared with `===`, in order) as it did then: for derived values that are costly to
   * recompute from unchanged objects (a service's endpoint fingerprint).
   */
  carried<T>(key: string, inputs: readonly unknown[], compute: () => T): T;
}

interface Carried {
  readonly fingerprint: string;
  readonly resource: GeneratedResource;
}

interface CarriedValue {
  readonly inputs: readonly unknown[];
  readonly value: unknown;
}

/**
 * Holds the memos behind {@link GeneratorContext} across proxies and views. One instance lives as
 * long as the xDS server; views are expected to arrive in sequence. When a new view arrives, the
 * derived values of the old one are dropped, and only the shared resources that some proxy used
 * with the previous view stay available for reuse, so memory follows the current topology.
 */
export class SharedResourceCache {
  private view: MeshView | undefined;
  private derived = new Map<string, unknown>();
  private current = new Map<string, Carried>();
  private previous = new Map<string, Carried>();
  private currentValues = new Map<string, CarriedValue>();
  private previousValues = new Map<string, CarriedValue>();
  private builds = 0;

  /** The context generators use for `view`. */
  contextFor(view: MeshView): GeneratorContext {
    return {
      view,
      memo: <T>(key: string, compute: () => T): T => this.memo(view, key, compute),
      shared: (key, fingerprint, build) => this.shared(view, key, fingerprint, build),
      carried: <T>(key: string, inputs: readonly unknown[], compute: () => T): T => this.carried(view, key, inputs, compute),
    };
  }

  /** How many shared resources were built (not reused) so far: for tests and benchmarks. */
  get sharedBuilds(): number {
    return this.builds;
  }

  private enter(view: MeshView): void {
    if (view === this.view) return;
    this.view = view;
    this.derived = new Map();
    this.previous = this.current;
    this.current = new Map();
    this.previousValues = this.currentValues;
    this.currentValues = new Map();
  }

  private carried<T>(view: MeshView, key: string, inputs: readonly unknown[], compute: () => T): T {
    this.enter(view);
    const hit = this.currentValues.get(key) ?? this.previousValues.get(key);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((input, i) => input === inputs[i])) {
      this.currentValues.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.enter(view);
    this.currentValues.set(key, { inputs, value });
    return value;
  }

  private memo<T>(view: MeshView, key: string, compute: () => T): T {
    this.enter(view);
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.enter(view); // compute() may have run other memos, but never for another view
    this.derived.set(key, value);
    return value;
  }

  private shared(view: MeshView, key: string, fingerprint: string, build: () => GeneratedResource): GeneratedResource {
    this.enter(view);
    const hit = this.current.get(key) ?? this.previous.get(key);
    if (hit && hit.fingerprint === fingerprint) {
      this.current.set(key, hit);
      return hit.resource;
    }
    const resource = build();
    this.builds++;
    this.current.set(key, { fingerprint, resource });
    return resource;
  }
}

/** A context with its own fresh cache: for one-off generation and tests. */
export function createGeneratorContext(view: MeshView): GeneratorContext {
  return new SharedResourceCache().contextFor(view);
}
