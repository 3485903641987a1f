import type { IngressEndpoint } from './ingress-routes.js';

/**
 * Weighted round robin per key (a cluster, or a cluster and subset): each endpoint appears `weight`
 * times in the cycle (at least once), and each key keeps its own turn.
 */
export class WeightedRoundRobin {
  private readonly turns = new Map<string, number>();

  pick(key: string, endpoints: readonly IngressEndpoint[]): IngressEndpoint | undefined {
    const cycle = endpoints.flatMap((e) => Array<IngressEndpoint>(Math.max(1, e.weight)).fill(e));
    if (cycle.length === 0) return undefined;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, turn + 1);
    return cycle[turn % cycle.length];
  }
}
