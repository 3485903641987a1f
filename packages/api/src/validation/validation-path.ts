import { goQuote } from './go-quote.js';

/*
 * Field paths in Kuma's notation (`pkg/core/validators/types.go` `PathBuilder`): a field appends `.name`
 * (no dot at the root), an index appends `[i]`, a map key appends `["key"]` with Go `%q` quoting.
 * Validators keep the parent path as a plain string and call these helpers only when they add a
 * violation, so a valid resource builds no path strings below the element level.
 */

/** `parent.name`, or `name` when the parent is the root (`''`). */
export function fieldPath(parent: string, name: string): string {
  return parent === '' ? name : parent + '.' + name;
}

/** `parent[index]`. */
export function indexPath(parent: string, index: number): string {
  return parent + '[' + index + ']';
}

/** `parent["key"]` with Go `%q` quoting of the key. */
export function keyPath(parent: string, key: string): string {
  return parent + '[' + goQuote(key) + ']';
}

/**
 * Go's string order (`sort.Strings`): byte order of the UTF-8 encoding, which is code point order.
 * JavaScript's default comparison orders UTF-16 code units, which differs for characters above U+FFFF
 * against U+E000–U+FFFF; this comparator does not.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit >= 0xe000) return unit - 0x800;
  return unit + 0x2000;
}

/** The keys of a map in the order Kuma visits them (`maps.SortedKeys` / `sort.Strings`). A new array. */
export function sortedKeys(map: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(map).sort(compareGoStrings);
}
