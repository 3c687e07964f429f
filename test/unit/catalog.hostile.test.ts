// Odd or hostile /models answers against the double: an answer too large to be a model list, absurd
// names and descriptions, and an answer with no free model at all. None of them may replace a good list.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeModelCatalog } from '../../src/core/catalog/freeModelCatalog';
import { fetchLiveModels, MAX_MODELS_RESPONSE_BYTES, ModelListError } from '../../src/core/catalog/fetchModels';
import { MAX_NAME_CHARS } from '../../src/core/catalog/derive';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload } from '../fixtures/modelsPayload';

const HOUR = 3_600_000;
type Entry = { id: string; name: string; description: string; pricing: { prompt: string; completion: string } };

describe('FreeModelCatalog: hostile or odd /models answers', () => {
  let double: OpenRouterDouble;
  let dir: string;
  let now: number;
  let logs: { level: string; msg: string }[];
  const payload = buildModelsPayload() as { data: Entry[] };

  const catalog = () =>
    new FreeModelCatalog({
      baseUrl: () => double.baseUrl,
      cacheFile: join(dir, 'models-cache.json'),
      maxAgeMs: () => HOUR,
      clock: () => now,
      log: (level, msg) => logs.push({ level, msg }),
    });

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  after(() => double.close());
  beforeEach(async () => {
    double.reset();
    dir = await mkdtemp(join(tmpdir(), 'catalog-hostile-'));
    now = 1_800_000_000_000;
    logs = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('the cap leaves room: today\'s realistic full list is far below it', () => {
    const size = Buffer.byteLength(JSON.stringify(payload));
    assert.ok(size * 4 < MAX_MODELS_RESPONSE_BYTES, `${size} bytes vs cap ${MAX_MODELS_RESPONSE_BYTES}`);
  });

  it('rejects an answer over the size cap with a clear log line, and keeps the previous list', async () => {
    const c = catalog();
    assert.equal((await c.refresh()).ok, true);
    const before = c.free().map((m) => m.id);
    const huge = { data: [...payload.data.slice(0, 5), { ...payload.data[5], description: 'x'.repeat(MAX_MODELS_RESPONSE_BYTES) }] };
    double.setModelsPayload(huge);
    now += 2 * HOUR;
    const result = await c.refresh({ force: true });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /larger than 8 MB/);
    assert.match(result.error ?? '', /previous model list is kept/);
    assert.deepEqual(c.free().map((m) => m.id), before);
    const line = logs.find((l) => l.level === 'warn' && /larger than 8 MB/.test(l.msg));
    assert.ok(line, JSON.stringify(logs));
  });

  it('stops reading an answer without Content-Length as soon as it passes the cap', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode('{"data":[' + ' '.repeat(1023)));
      },
    });
    const fakeFetch = (() => Promise.resolve(new Response(stream, { status: 200 }))) as unknown as typeof fetch;
    await assert.rejects(
      fetchLiveModels('http://127.0.0.1:1/api/v1', { fetch: fakeFetch, timeoutMs: 5000, maxBytes: 10 * 1024 }),
      (e: unknown) => e instanceof ModelListError && e.failure === 'too_large' && /larger than 10 KB/.test(e.message),
    );
    assert.ok(pulled < 50, `read ${pulled} chunks of a stream that was over the cap after 11`);
  });

  it('truncates absurd names and long descriptions instead of dropping the model', async () => {
    const odd = payload.data.map((e, i) =>
      i === 0 ? { ...e, name: `Evil\n${'N'.repeat(10_000)}`, description: 'word '.repeat(200_000) } : e,
    );
    double.setModelsPayload({ data: odd });
    const c = catalog();
    assert.equal((await c.refresh()).ok, true);
    const m = c.get(payload.data[0].id)!;
    assert.ok(m, 'the model is kept');
    assert.ok(m.name.length <= MAX_NAME_CHARS, `name of ${m.name.length} chars`);
    assert.ok(!/[\n\r]/.test(m.name), 'a name is one line');
    assert.ok(m.name.startsWith('Evil N') && m.name.endsWith('…'), m.name.slice(0, 20));
    assert.ok(m.description.length <= 300, `description of ${m.description.length} chars`);
  });

  it('an answer with no free model does not replace a list that had some: kept, one warning', async () => {
    const c = catalog();
    await c.refresh();
    const before = c.free().map((m) => m.id);
    assert.ok(before.length > 0);
    const paidOnly = payload.data.filter((e) => !e.id.endsWith(':free') && Number(e.pricing.prompt) !== 0);
    double.setModelsPayload({ data: paidOnly });
    for (let i = 0; i < 3; i++) {
      now += 2 * HOUR;
      const result = await c.refresh({ force: true });
      assert.equal(result.ok, false);
      assert.match(result.error ?? '', /no free model/i);
      assert.match(result.error ?? '', /previous model list is kept/);
      assert.deepEqual(c.free().map((m) => m.id), before);
      assert.equal(c.stats().gone, 0);
    }
    assert.equal(logs.filter((l) => l.level === 'warn' && /no free model/i.test(l.msg)).length, 1, JSON.stringify(logs));
    // A list with free models again is taken, and a later free-less answer warns again.
    double.setModelsPayload(payload);
    now += 2 * HOUR;
    assert.equal((await c.refresh({ force: true })).ok, true);
    double.setModelsPayload({ data: paidOnly });
    now += 2 * HOUR;
    await c.refresh({ force: true });
    assert.equal(logs.filter((l) => l.level === 'warn' && /no free model/i.test(l.msg)).length, 2);
  });
});
