/**
 * One `tag=key:value` condition of a Dataplane list (Kuma's fuzzy tag match): the key exists and its value
 * contains `value`; `*` matches any value.
 */
export interface TagCondition {
  readonly key: string;
  readonly value: string;
}

/** Kuma's `gateway=` Dataplane list filter: absent, `true`, `false`, `builtin`, `delegated`. */
export type GatewayFilter = 'any' | 'gateway' | 'not-gateway' | 'builtin' | 'delegated';
