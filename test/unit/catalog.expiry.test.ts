// The live list's `expiration_date` ("YYYY-MM-DD" or null, as @openrouter/sdk's Model schema has it):
// read into the catalog, kept in the disk cache, and what counts as "ending soon".
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalogCache, writeCatalogCache } from '../../src/core/catalog/cache';
import { deriveModel } from '../../src/core/catalog/derive';
import { endingSoon, expiryDay, expiryEnd, expiryReplacements } from '../../src/core/catalog/expiry';
import { parseModelsPayload } from '../../src/core/catalog/liveSchema';
import type { CatalogModel } from '../../src/core/catalog/types';

const entry = (id: string, expiration: unknown) => ({ id, name: id, context_length: 32768, pricing: { prompt: '0', completion: '0' }, expiration_date: expiration });

describe('catalog: expiration_date', () => {
  it('reads the day, a timestamp on that day, null, and refuses what is no day without losing the model', () => {
    const { entries, skipped } = parseModelsPayload({
      data: [entry('a/one:free', '2026-12-07'), entry('a/two:free', '2026-12-07T00:00:00Z'), entry('a/three:free', null), entry('a/four:free', 'soon'), entry('a/five:free', '2026-02-31'), entry('a/six:free', 42)],
    });
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((e) => [e.id, deriveModel(e).expiresOn]),
      [
        ['a/one:free', '2026-12-07'],
        ['a/two:free', '2026-12-07'],
        ['a/three:free', undefined],
        ['a/four:free', undefined],
        ['a/five:free', undefined],
        ['a/six:free', undefined],
      ],
    );
  });

  it('keeps the date in the disk cache', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'catalog-expiry-')), 'models-cache.json');
    const model = deriveModel(parseModelsPayload({ data: [entry('a/one:free', '2026-12-07')] }).entries[0]);
    await writeCatalogCache(file, { fetchedAt: 1, skippedEntries: 0, models: [model] });
    assert.equal((await readCatalogCache(file, () => undefined))?.models[0].expiresOn, '2026-12-07');
  });

  it('ending soon: within three days of the end of the day (UTC), not yet past', () => {
    assert.equal(expiryDay('2026-12-07'), '2026-12-07');
    const end = expiryEnd('2026-12-07');
    assert.equal(end, Date.UTC(2026, 11, 8));
    const models = [{ id: 'x', expiresOn: '2026-12-07' }];
    assert.deepEqual(endingSoon(models, end - 3 * 86_400_000 - 1), []);
    assert.deepEqual(endingSoon(models, end - 3 * 86_400_000), models);
    assert.deepEqual(endingSoon(models, end - 1), models);
    assert.deepEqual(endingSoon(models, end), [], 'past its end: the router learns free_variant_ended instead');
  });

  it('replacements: free, not enabled, no router, not gone, not ending soon themselves, at most three', () => {
    const now = Date.UTC(2026, 11, 5);
    const m = (id: string, extra: Partial<CatalogModel> = {}) => ({ id, free: true, isRouter: false, ...extra }) as CatalogModel;
    const candidates = [
      m('e/enabled:free'),
      m('p/paid', { free: false }),
      m('r/router', { isRouter: true }),
      m('g/gone:free', { goneSince: 1 }),
      m('s/soon:free', { expiresOn: '2026-12-09' }),
      m('l/later:free', { expiresOn: '2027-03-01' }),
      m('b/one:free'),
      m('b/two:free'),
      m('b/three:free'),
    ];
    assert.deepEqual(expiryReplacements({ id: 'x' }, candidates, new Set(['e/enabled:free']), now), ['l/later:free', 'b/one:free', 'b/two:free']);
  });
});
