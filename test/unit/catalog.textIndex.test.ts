import { strict as assert } from 'node:assert';
import { CatalogIndex } from '../../src/core/catalog/catalogIndex';
import { deriveModel } from '../../src/core/catalog/derive';
import { parseModelsPayload } from '../../src/core/catalog/liveSchema';
import { queryModels } from '../../src/core/catalog/query';
import { buildModelsPayload } from '../fixtures/modelsPayload';

function indexOf(count: number): CatalogIndex {
  const parsed = parseModelsPayload(buildModelsPayload({ count, malformed: 0, seed: 11 }) as unknown);
  return new CatalogIndex(parsed.entries.map((e) => deriveModel(e)));
}

// The search the user gets from the index must be exactly the plain substring scan it replaces.
function scanned(index: CatalogIndex, text: string): string[] {
  return index.models.filter((m, i) => m.goneSince === undefined && !m.isRouter && index.searchText[i].includes(text)).map((m) => m.id);
}

describe('catalog text search through the index', () => {
  const index = indexOf(600);

  it('finds exactly what a substring scan finds, for short, long, absent and non-Latin queries', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const queries = ['q', 'qw', 'qwe', 'qwen', 'coder', ':free', ' ', 'zzzzqq', '模型', 'ü', 'a b'];
    for (let i = 0; i < 200; i++) {
      const text = index.searchText[Math.floor(random() * index.searchText.length)];
      const start = Math.floor(random() * text.length);
      queries.push(text.slice(start, start + 1 + Math.floor(random() * 12)));
    }
    for (const q of queries) {
      const text = q.trim().toLowerCase();
      if (!text) continue;
      assert.deepEqual(queryModels(index, { text: q }).map((m) => m.id), scanned(index, text), `query '${q}'`);
    }
  });

  it('combines the text with the other filters and keeps the order by id', () => {
    const result = queryModels(index, { text: 'qwen', freeOnly: true, capability: 'toolCalling' });
    assert.ok(result.length > 0);
    assert.ok(result.every((m) => m.free && m.capabilities.toolCalling && `${m.id} ${m.name} ${m.description}`.toLowerCase().includes('qwen')));
    assert.deepEqual(result.map((m) => m.id), [...result.map((m) => m.id)].sort());
  });
});
