import type { StringMap } from '@kumiko/api';

/**
 * Every tag value in use, per tag key, with how many tag sets use it. A `tag=key:value` search matches values
 * by substring, which the GIN index on tag sets cannot answer; the catalogue turns the search into the exact
 * values that can match, which it can.
 */
export class TagValueCatalogue {
  private readonly values = new Map<string, Map<string, number>>();

  add(tagSets: readonly StringMap[]): void {
    this.change(tagSets, 1);
  }

  remove(tagSets: readonly StringMap[]): void {
    this.change(tagSets, -1);
  }

  clear(): void {
    this.values.clear();
  }

  /**
   * The known values of `key` that Kuma's fuzzy match accepts for `needle` (substring; `*` any), or `undefined`
   * when more than `limit` do (the search is then better answered without this key's prefilter).
   */
  matching(key: string, needle: string, limit: number): string[] | undefined {
    const out: string[] = [];
    for (const value of this.values.get(key)?.keys() ?? []) {
      if (needle !== '*' && !value.includes(needle)) continue;
      if (out.length === limit) return undefined;
      out.push(value);
    }
    return out;
  }

  private change(tagSets: readonly StringMap[], delta: 1 | -1): void {
    for (const tags of tagSets) {
      for (const [key, value] of Object.entries(tags)) {
        let counts = this.values.get(key);
        if (counts === undefined) {
          counts = new Map();
          this.values.set(key, counts);
        }
        const next = (counts.get(value) ?? 0) + delta;
        if (next > 0) counts.set(value, next);
        else counts.delete(value);
        if (counts.size === 0) this.values.delete(key);
      }
    }
  }
}
