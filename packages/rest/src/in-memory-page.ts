import { compareGoStrings } from '@kumiko/api';
import type { ListRequest } from './list-request.js';

type Listable = { readonly mesh?: string; readonly name: string; readonly labels: Readonly<Record<string, string>> };

/**
 * For sources that hold everything in memory: the items whose name contains `name` and that carry every
 * wanted label, sorted by (mesh, name) as Kuma's pagination store does, then one page of them. Tag and
 * gateway filters are not applied. Pure; the input is not reordered.
 */
export function inMemoryPage<T extends Listable>(
  items: readonly T[],
  request: Pick<ListRequest, 'nameContains' | 'labels' | 'offset' | 'size'>,
): { readonly total: number; readonly items: T[] } {
  const matching = items
    .filter((item) => item.name.includes(request.nameContains))
    .filter((item) => Object.entries(request.labels).every(([key, value]) => item.labels[key] === value))
    .sort((a, b) => compareGoStrings(a.mesh ?? '', b.mesh ?? '') || compareGoStrings(a.name, b.name));
  return { total: matching.length, items: matching.slice(request.offset, request.offset + request.size) };
}
