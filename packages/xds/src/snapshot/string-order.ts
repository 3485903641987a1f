/**
 * Code-unit order of strings, as Go's `sort.Strings` orders the ASCII names and tags Kuma sorts
 * (not locale order: output must not depend on the machine).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
