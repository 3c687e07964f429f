// An immutable snapshot of the catalog, built once per list change so queries stay cheap:
// models sorted by id, a map by id, and lower-cased search text per model.
import { TextIndex } from './textIndex';
import type { CatalogModel } from './types';

export class CatalogIndex {
  /** Sorted by id, so every query result has a stable order. */
  readonly models: readonly CatalogModel[];
  private readonly byId: Map<string, CatalogModel>;
  /** Lower-cased `id name description`, parallel to `models`. */
  readonly searchText: readonly string[];
  /** Lower-cased provider, parallel to `models`. */
  readonly providerKey: readonly string[];
  /** Static recommendation order per use case, filled on first use (see recommend.ts). */
  readonly rankingCache = new Map<string, unknown>();

  constructor(models: Iterable<CatalogModel>) {
    const sorted = [...models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.models = sorted;
    this.byId = new Map(sorted.map((m) => [m.id, m]));
    this.providerKey = sorted.map((m) => m.provider.toLowerCase());
    this.searchText = sorted.map((m) => `${m.id} ${m.name} ${m.description}`.toLowerCase());
  }

  private text: TextIndex | undefined;

  /** Positions in `models` whose search text contains `query` (lower-cased), ascending. */
  textMatches(query: string): readonly number[] {
    this.text ??= new TextIndex(this.searchText);
    return this.text.matching(query);
  }

  get(id: string): CatalogModel | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.models.length;
  }
}
