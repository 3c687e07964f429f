// FreeModelCatalog against the local OpenRouter double over real HTTP, with a real disk cache in a
// temporary directory and an injected clock.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeModelCatalog, type FreeModelCatalogOptions } from '../../src/core/catalog/freeModelCatalog';
import { BUILTIN_MODEL_IDS } from '../../src/core/catalog/builtin';
import type { CatalogChangeEvent } from '../../src/core/catalog/types';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, SEED_FREE_MODEL_IDS, ZERO_PRICED_IDS } from '../fixtures/modelsPayload';

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;
const MALFORMED = 6;

interface LogLine {
  level: string;
  msg: string;
}

describe('FreeModelCatalog (over HTTP against the double)', () => {
  let double: OpenRouterDouble;
  let dir: string;
  let now: number;
  let logs: LogLine[];
  const payload = buildModelsPayload({ malformed: MALFORMED });
  const payloadIds = (payload.data as { id?: unknown }[])
    .filter((e) => typeof e === 'object' && e !== null && typeof e.id === 'string')
    .map((e) => e.id as string);

  function catalog(extra: Partial<FreeModelCatalogOptions> = {}): FreeModelCatalog {
    return new FreeModelCatalog({
      baseUrl: () => double.baseUrl,
      cacheFile: join(dir, 'models-cache.json'),
      maxAgeMs: () => HOUR,
      clock: () => now,
      log: (level, msg) => logs.push({ level, msg }),
      ...extra,
    });
  }

  function modelRequests(): number {
    return double.requests.filter((r) => r.path.endsWith('/models')).length;
  }

  function withoutIds(ids: string[]): { data: unknown[] } {
    return { data: payload.data.filter((e) => !ids.includes((e as { id?: string } | null)?.id as string)) };
  }

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  after(() => double.close());
  beforeEach(async () => {
    double.reset();
    double.setModelsPayload(payload);
    dir = await mkdtemp(join(tmpdir(), 'catalog-test-'));
    now = T0;
    logs = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves the built-in seed list before any refresh', () => {
    const c = catalog();
    assert.deepEqual(c.free().map((m) => m.id).sort(), [...BUILTIN_MODEL_IDS].sort());
    const s = c.stats();
    assert.equal(s.source, 'builtin');
    assert.equal(s.stale, true);
    assert.equal(s.free, 9);
  });

  it('derives the right free set and capabilities from a realistic payload, skipping broken entries', async () => {
    const c = catalog();
    const result = await c.refresh();
    assert.equal(result.ok, true);
    assert.equal(result.skipped, MALFORMED);
    assert.equal(c.stats().skippedEntries, MALFORMED);
    assert.ok(logs.some((l) => l.level === 'warn' && /Skipped 6 malformed entries/.test(l.msg)));

    const free = new Set(c.free().map((m) => m.id));
    for (const id of SEED_FREE_MODEL_IDS) assert.ok(free.has(id), `${id} should be free`);
    for (const id of ZERO_PRICED_IDS) assert.ok(free.has(id), `${id} is zero-priced, so free`);
    assert.ok(!free.has('deepseek/deepseek-r1'), 'paid twin of a free model');
    assert.ok(!free.has('qwen/qwen3-235b-a22b'));
    // Routers are listed as routers, never as models to pick.
    assert.ok(!free.has('openrouter/free') && !free.has('openrouter/auto'));
    assert.equal(c.get('openrouter/free')?.isRouter, true);
    assert.equal(c.get('openrouter/cypher-alpha')?.isRouter, false, 'a real model published under openrouter/');
    // Exactly: the well-formed `:free` ids plus the zero-priced ones.
    const expectedFree = payloadIds.filter((id) => id.endsWith(':free') && !id.startsWith('broken/')).length + ZERO_PRICED_IDS.length;
    assert.equal(free.size, expectedFree);
    assert.equal(c.stats().free, expectedFree);
    assert.equal(c.stats().routers, 2);

    const r1 = c.get('deepseek/deepseek-r1:free')!;
    assert.deepEqual(r1.capabilities, { reasoning: true, vision: false, toolCalling: false });
    assert.equal(r1.contextLength, 163_840);
    assert.equal(r1.source, 'live');
    assert.deepEqual(c.get('qwen/qwen3-8b:free')!.capabilities, { reasoning: true, vision: false, toolCalling: true });
    assert.deepEqual(c.get('google/gemma-3n-e4b-it:free')!.capabilities, { reasoning: false, vision: true, toolCalling: false });
    assert.equal(c.get('qwen/qwen3-235b-a22b:free')!.contextLength, 131_072);
    const devstral = c.get('mistralai/devstral-small-2505:free')!;
    assert.equal(devstral.capabilities.toolCalling, true);
    assert.ok(devstral.useCases.includes('coding'));
    assert.equal(c.get('broken/prices-1'), undefined);
  });

  it('asks /models without a key', async () => {
    await catalog().refresh();
    const req = double.requests.find((r) => r.path.endsWith('/models'))!;
    assert.equal(req.method, 'GET');
    assert.equal(req.headers.authorization, undefined);
  });

  for (const behavior of ['http-500', 'empty', 'malformed'] as const) {
    it(`keeps the good list (in memory and on disk) when a refresh answers ${behavior}`, async () => {
      const c = catalog();
      await c.refresh();
      const before = c.free().map((m) => m.id);
      const onDisk = await readFile(join(dir, 'models-cache.json'), 'utf8');

      double.setModelsBehavior(behavior);
      now += 2 * HOUR;
      const result = await c.refresh({ force: true });
      assert.equal(result.ok, false);
      assert.match(result.error ?? '', /previous model list is kept/i);
      assert.deepEqual(c.free().map((m) => m.id), before);
      assert.equal(c.stats().lastError, result.error);
      assert.equal(c.stats().source, 'live');
      assert.equal(c.stats().gone, 0, 'a failed answer must not mark anything gone');
      assert.equal(await readFile(join(dir, 'models-cache.json'), 'utf8'), onDisk);
    });
  }

  it('explains an HTTP failure in words', async () => {
    double.setModelsBehavior('http-500');
    const result = await catalog().refresh();
    assert.match(result.error ?? '', /answered HTTP 500/);
  });

  it('marks a vanished model gone, tells listeners, and brings it back when it returns', async () => {
    const c = catalog();
    await c.refresh();
    const events: CatalogChangeEvent[] = [];
    const unsubscribe = c.onDidChange((e) => events.push(e));

    const vanished = ['qwen/qwq-32b:free', 'google/gemma-3n-e4b-it:free'];
    double.setModelsPayload(withoutIds(vanished));
    now += 2 * HOUR;
    const result = await c.refresh({ force: true });
    assert.deepEqual(result.gone, [...vanished].sort());
    assert.deepEqual(events, [{ gone: [...vanished].sort(), added: [], source: 'live' }]);
    assert.equal(c.get('qwen/qwq-32b:free')?.goneSince, now);
    assert.ok(!c.free().some((m) => vanished.includes(m.id)));
    assert.equal(c.query({ includeGone: true, text: 'qwq-32b:free' }).length, 1);
    assert.equal(c.stats().gone, 2);
    assert.ok(logs.some((l) => l.level === 'warn' && l.msg.includes('No longer offered by OpenRouter: google/gemma-3n-e4b-it:free, qwen/qwq-32b:free')));

    // Gone marks survive a restart through the disk cache.
    const restarted = catalog();
    await restarted.init();
    assert.equal(restarted.get('qwen/qwq-32b:free')?.goneSince, now);

    double.setModelsPayload(payload);
    now += 2 * HOUR;
    const back = await c.refresh({ force: true });
    assert.deepEqual(back.added, [...vanished].sort());
    assert.equal(c.get('qwen/qwq-32b:free')?.goneSince, undefined);
    unsubscribe();
    double.setModelsPayload(withoutIds(['qwen/qwen3-8b:free']));
    await c.refresh({ force: true });
    assert.equal(events.length, 2, 'no events after unsubscribing');
  });

  it('merges concurrent refreshes into one request', async () => {
    const c = catalog();
    const results = await Promise.all([c.refresh({ force: true }), c.refresh(), c.refresh({ force: true }), c.refresh(), c.refresh()]);
    assert.equal(modelRequests(), 1);
    for (const r of results) assert.equal(r, results[0]);
    assert.equal(results[0].ok, true);
  });

  it('does not fetch on a non-forced refresh while the list is fresh', async () => {
    const c = catalog();
    await c.refresh();
    now += HOUR / 2;
    const r = await c.refresh();
    assert.equal(r.fetched, false);
    assert.equal(modelRequests(), 1);
    now += HOUR;
    assert.equal((await c.refresh()).fetched, true);
    assert.equal(modelRequests(), 2);
  });

  it('treats a list from another base URL as stale, so switching proxies refetches', async () => {
    let url = double.baseUrl;
    const c = catalog({ baseUrl: () => url });
    await c.refresh();
    assert.equal(c.stats().stale, false);
    url = `${double.url}/api/v1/`;
    assert.equal(c.stats().stale, false, 'a trailing slash is the same URL');
    url = double.baseUrl.replace('127.0.0.1', 'localhost');
    assert.equal(c.stats().stale, true);
    const restarted = catalog({ baseUrl: () => url });
    await restarted.init();
    assert.equal(restarted.stats().source, 'cache');
    assert.equal(restarted.stats().stale, true, 'the cached list came from the other URL');
    restarted.ensureFresh();
    await restarted.idle();
    assert.equal(modelRequests(), 2);
    assert.equal(restarted.stats().stale, false);
  });

  it('reads the disk cache on a cold start when the server fails, and when it is down', async () => {
    await catalog().refresh();
    const expected = catalog();
    await expected.init();
    const freeIds = expected.free().map((m) => m.id);
    assert.ok(freeIds.length > 50);

    double.setModelsBehavior('http-500');
    now += 10 * HOUR;
    const cold = catalog();
    await cold.init();
    assert.equal(cold.stats().source, 'cache');
    assert.equal(cold.stats().fetchedAt, T0);
    assert.equal(cold.stats().stale, true);
    assert.equal(cold.stats().skippedEntries, MALFORMED);
    assert.deepEqual(cold.free().map((m) => m.id), freeIds);
    assert.equal((await cold.refresh()).ok, false);
    assert.deepEqual(cold.free().map((m) => m.id), freeIds);

    // Server down entirely: a closed port on loopback.
    const down = await closedPortUrl();
    const offline = catalog({ baseUrl: () => down });
    await offline.init();
    const failed = await offline.refresh();
    assert.equal(failed.ok, false);
    assert.match(failed.error ?? '', /Could not reach/);
    assert.equal(offline.stats().source, 'cache');
    assert.deepEqual(offline.free().map((m) => m.id), freeIds);
  });

  it('treats a cache written while the clock ran ahead as stale, so it is refreshed', async () => {
    now = T0 + 365 * 24 * HOUR;
    await catalog().refresh();
    now = T0;
    const c = catalog();
    await c.init();
    assert.equal(c.stats().source, 'cache');
    assert.equal(c.stats().stale, true);
    c.ensureFresh();
    await c.idle();
    assert.equal(modelRequests(), 2);
    assert.equal(c.stats().stale, false);
  });

  it('ignores a corrupted cache file with a log line, and recovers on the next refresh', async () => {
    const file = join(dir, 'models-cache.json');
    await writeFile(file, '{"version":1,"fetchedAt":17', 'utf8');
    const c = catalog();
    await c.init();
    assert.equal(c.stats().source, 'builtin');
    assert.ok(logs.some((l) => l.level === 'warn' && /not valid JSON \(corrupted\)/.test(l.msg)), JSON.stringify(logs));

    await writeFile(file, JSON.stringify({ version: 1, fetchedAt: T0, models: [{ id: 'x/y' }] }), 'utf8');
    const c2 = catalog();
    await c2.init();
    assert.equal(c2.stats().source, 'builtin');
    assert.ok(logs.some((l) => /unexpected content/.test(l.msg)));

    await writeFile(file, JSON.stringify({ version: 99, fetchedAt: T0, models: [] }), 'utf8');
    const c3 = catalog();
    await c3.init();
    assert.ok(logs.some((l) => l.level === 'info' && /another version \(99/.test(l.msg)));

    assert.equal((await c3.refresh()).ok, true);
    const cache = JSON.parse(await readFile(file, 'utf8')) as { version: number; models: unknown[] };
    assert.equal(cache.version, 1);
    assert.ok(cache.models.length > 300);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left behind');
  });

  it('survives an unreadable cache path and a listener that throws', async () => {
    const c = catalog({ cacheFile: dir });
    await c.init();
    assert.equal(c.stats().source, 'builtin');
    assert.ok(logs.some((l) => l.level === 'warn' && /Could not read the model list cache/.test(l.msg)));
    c.onDidChange(() => {
      throw new Error('listener bug');
    });
    const seen: string[][] = [];
    c.onDidChange((e) => seen.push(e.added));
    const r = await c.refresh();
    assert.equal(r.ok, true, 'a failing listener does not fail the refresh');
    assert.equal(seen.length, 1, 'later listeners still hear about the change');
    assert.ok(logs.some((l) => l.level === 'error' && /listener failed: listener bug/.test(l.msg)));
    assert.ok(logs.some((l) => l.level === 'warn' && /Could not save the model list cache/.test(l.msg)));
  });

  it('serves stale data at once while a background refresh runs', async () => {
    await catalog().refresh();
    double.setModelsPayload(withoutIds(['qwen/qwq-32b:free']));
    now += 3 * HOUR;
    const c = catalog();
    await c.init();
    assert.equal(c.stats().stale, true);

    c.ensureFresh();
    // Synchronously after ensureFresh: the cached list is still what callers get.
    assert.equal(c.stats().refreshing, true);
    assert.equal(c.stats().source, 'cache');
    assert.ok(c.get('qwen/qwq-32b:free') && c.get('qwen/qwq-32b:free')!.goneSince === undefined);
    c.ensureFresh();
    await c.idle();

    assert.equal(modelRequests(), 2, 'one for the first catalog, one background refresh');
    const s = c.stats();
    assert.equal(s.source, 'live');
    assert.equal(s.stale, false);
    assert.equal(s.ageMs, 0);
    assert.equal(c.get('qwen/qwq-32b:free')?.goneSince, now);
  });

  it('waits before retrying after a failed background refresh', async () => {
    double.setModelsBehavior('http-500');
    const c = catalog({ retryAfterFailureMs: 60_000 });
    c.ensureFresh();
    await c.idle();
    c.ensureFresh();
    await c.idle();
    assert.equal(modelRequests(), 1);
    now += 61_000;
    double.setModelsBehavior('ok');
    c.ensureFresh();
    await c.idle();
    assert.equal(modelRequests(), 2);
    assert.equal(c.stats().lastError, undefined);
  });

  it('gives up on a /models request that never answers, after the timeout', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hanging.address() as AddressInfo).port;
      const c = catalog({ baseUrl: () => `http://127.0.0.1:${port}/api/v1`, timeoutMs: 100 });
      const r = await c.refresh();
      assert.equal(r.ok, false);
      assert.match(r.error ?? '', /did not answer within/);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('abandons a running refresh when the base URL changes, and asks the new URL instead', async () => {
    let requestClosed!: () => void;
    const closed = new Promise<void>((resolve) => (requestClosed = resolve));
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const hanging = http.createServer((req) => {
      req.socket.on('close', () => requestClosed());
      requestArrived();
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      let url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/api/v1`;
      // Far beyond the test's own timeout: only abandoning the old request lets this test finish.
      const c = catalog({ baseUrl: () => url, timeoutMs: 600_000 });
      const first = c.refresh({ force: true });
      await arrived;
      url = double.baseUrl;
      const second = await c.refresh({ force: true });
      assert.equal(second.ok, true);
      assert.equal((await first).ok, false, 'the abandoned refresh reports no list of its own');
      assert.equal(modelRequests(), 1);
      assert.equal(c.stats().source, 'live');
      assert.equal(c.stats().stale, false);
      assert.equal(c.stats().lastError, undefined);
      await closed;
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('resolves enabled ids: gone, unknown and paid ones are reported and left out', async () => {
    const c = catalog();
    await c.refresh();
    double.setModelsPayload(withoutIds(['qwen/qwq-32b:free']));
    await c.refresh({ force: true });

    const enabled = ['qwen/qwq-32b:free', 'nobody/nothing:free', 'deepseek/deepseek-r1', 'qwen/qwen3-8b:free', 'qwen/qwen3-8b:free', ' '];
    const freeOnly = c.resolveEnabled(enabled, { freeOnly: true });
    assert.deepEqual(freeOnly.models.map((m) => m.id), ['qwen/qwen3-8b:free']);
    assert.deepEqual(freeOnly.gone, ['qwen/qwq-32b:free']);
    assert.deepEqual(freeOnly.unknown, ['nobody/nothing:free']);
    assert.deepEqual(freeOnly.paidRemoved, ['deepseek/deepseek-r1']);
    assert.equal(freeOnly.defaulted, false);

    const paidAllowed = c.resolveEnabled(enabled, { freeOnly: false });
    assert.deepEqual(paidAllowed.models.map((m) => m.id), ['deepseek/deepseek-r1', 'qwen/qwen3-8b:free']);

    const defaults = c.resolveEnabled([], { freeOnly: true });
    assert.equal(defaults.defaulted, true);
    assert.deepEqual(defaults.models.map((m) => m.id), c.recommend('general', { limit: 5 }).map((r) => r.model.id));
    assert.equal(defaults.models.length, 5);

    // Every enabled model gone: the user is told, and the router still has something to use.
    const allGone = c.resolveEnabled(['qwen/qwq-32b:free'], { freeOnly: true });
    assert.deepEqual(allGone.gone, ['qwen/qwq-32b:free']);
    assert.equal(allGone.defaulted, true);
    assert.ok(!allGone.models.some((m) => m.id === 'qwen/qwq-32b:free'));
  });

  it('keeps enabled ids it cannot verify while only the built-in list is known', () => {
    const c = catalog();
    const r = c.resolveEnabled(['meta-llama/llama-3.3-70b-instruct:free', 'openai/gpt-4o', 'not an id'], { freeOnly: true });
    assert.deepEqual(r.models.map((m) => m.id), ['meta-llama/llama-3.3-70b-instruct:free']);
    assert.deepEqual(r.unverified, ['meta-llama/llama-3.3-70b-instruct:free']);
    assert.deepEqual(r.paidRemoved, ['openai/gpt-4o']);
    assert.deepEqual(r.unknown, ['not an id']);
  });

  it('recommends the same, explained models every time, never routers or gone models', async () => {
    const c = catalog();
    await c.refresh();
    for (const useCase of ['general', 'reasoning', 'coding', 'chat'] as const) {
      const a = c.recommend(useCase, { limit: 10 });
      const b = c.recommend(useCase, { limit: 10 });
      assert.deepEqual(a, b);
      assert.equal(a.length, 10);
      for (const r of a) {
        assert.ok(r.model.free && !r.model.isRouter && r.model.goneSince === undefined);
        assert.ok(r.model.useCases.includes(useCase));
        assert.match(r.why, /context/);
      }
      for (let i = 1; i < a.length; i++) assert.ok(a[i - 1].score >= a[i].score);
    }
  });

  it('answers queries and statistics over the live list', async () => {
    const c = catalog();
    await c.refresh();
    const visionFree = c.query({ capability: 'vision', freeOnly: true });
    assert.ok(visionFree.some((m) => m.id === 'google/gemma-3n-e4b-it:free'));
    assert.ok(visionFree.every((m) => m.capabilities.vision && m.free));
    assert.equal(visionFree.length, c.stats().byCapability.vision);
    const qwen = c.query({ provider: 'Qwen', freeOnly: true });
    assert.equal(qwen.length, c.stats().byProvider.qwen);
    assert.ok(c.query({ minContext: 1_000_000 }).every((m) => m.contextLength >= 1_000_000));
    assert.deepEqual(c.query({ text: 'DEVSTRAL small' }).map((m) => m.id), ['mistralai/devstral-small-2505:free']);
    assert.deepEqual(c.query({ text: 'free models router' }), []);
    assert.deepEqual(c.query({ text: 'free models router', includeRouters: true }).map((m) => m.id), ['openrouter/free']);
  });
});

/** A loopback URL where nothing listens: a port we opened and closed again. */
async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/api/v1`;
}
