import type { GatewayType } from '../resources/dataplane.js';

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

/**
 * Kuma's fuzzy match of one tag set: every wanted key present, each value containing the wanted one (`*`:
 * any value). A Dataplane matches when one of its tag sets (an inbound's, or its gateway's) does. Pure.
 */
export function tagSetMatches(tags: Readonly<Record<string, string>>, wanted: readonly TagCondition[]): boolean {
  return wanted.every(({ key, value }) => {
    const actual = tags[key];
    return actual !== undefined && (value === '*' || actual.includes(value));
  });
}

/** Whether a Dataplane whose gateway has type `gateway` (`undefined`: a standard proxy) passes `filter`. Pure. */
export function gatewayFilterMatches(gateway: GatewayType | undefined, filter: GatewayFilter): boolean {
  switch (filter) {
    case 'any':
      return true;
    case 'gateway':
      return gateway !== undefined;
    case 'not-gateway':
      return gateway === undefined;
    case 'builtin':
      return gateway === 'BUILTIN';
    case 'delegated':
      return gateway === 'DELEGATED';
  }
}
