// The ledger and the billed "free" models, shared by the windows of a profile: two windows (two
// routers over real HTTP, two stores on one folder) answered by a "free" model that bills. The user
// is told once, not once per window; the other window stops sending to it; a reload keeps it all;
// a file system that fails once loses nothing and does not break chat.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProvider } from '../../src/core/providers';
import type { ChatProvider } from '../../src/core/providers/types';
import { ModelRouter } from '../../src/core/router';
import { dayTotals, utcDay } from '../../src/core/router/ledger';
import type { RouterEvent } from '../../src/core/router/types';
import { SharedStatsStore, type StatsFs } from '../../src/host/stats/sharedStats';
import { BILLED_FREE_COST, billedFreeAnswer, OpenRouterDouble } from '../fixtures/double';
import { collect, settings } from './router.fakes';
import { removeDir } from './tempDirs';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

describe('host: the ledger and billed models shared by the windows of a profile', () => {
  let double: OpenRouterDouble;
  let provider: ChatProvider;
  let dir: string;
  let warnings: string[];
  let told: string[];
  const stores: SharedStatsStore[] = [];
  const log = { debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined, show: () => undefined };

  before(async () => {
    double = await OpenRouterDouble.start();
    provider = createProvider('openai_compatible', { apiKey: 'sk-or-v1-host-ledger', baseUrl: double.baseUrl, appTitle: 'T' });
  });
  beforeEach(() => {
    double.reset();
    dir = mkdtempSync(join(tmpdir(), 'shared-ledger-'));
    warnings = [];
    told = [];
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) s.dispose();
    await removeDir(dir);
  });
  after(() => double.close());

  /** A window: its router over HTTP, a store on the profile's folder, loaded as at activation. */
  const openWindow = (files?: StatsFs) => {
    const router = new ModelRouter({ provider: () => provider, models: () => [A, B], settings: () => settings({ timeoutPerModelMs: 10_000 }) });
    const store = new SharedStatsStore(dir, router.stats, log, undefined, files);
    store.onNewlyBilled((b) => told.push(`${b.model} ${b.cost}`));
    stores.push(store);
    store.load();
    return { router, store };
  };
  const ask = async (w: { router: ModelRouter }) => {
    const events = await collect(w.router.route({ messages: [{ role: 'user', content: 'hi' }] }));
    const end = events.at(-1) as Extract<RouterEvent, { type: 'done' }>;
    assert.equal(end.type, 'done', JSON.stringify(end));
    return end.summary;
  };
  const today = (w: { router: ModelRouter }) => dayTotals(w.router.stats.ledger.snapshot(), utcDay(Date.now()));

  it('two windows billed by the same "free" model: told once, both skip it, a reload keeps the ledger and the mark', async () => {
    const one = openWindow();
    const two = openWindow();
    double.script(A, billedFreeAnswer(A), billedFreeAnswer(A));
    // Both windows ask before either has saved: each finds the cost on its own.
    const [first, second] = await Promise.all([ask(one), ask(two)]);
    assert.equal(first.billed?.model, A);
    assert.equal(second.billed?.model, A);
    for (const w of [one, two]) w.store.flush();
    assert.deepEqual(told, [`${A} ${BILLED_FREE_COST}`], 'one notification for the profile');

    two.store.refreshIfChanged();
    one.store.refreshIfChanged();
    double.script(B, { kind: 'stream', text: ['from B'], usage: { prompt: 4, completion: 2, cost: 0 } });
    assert.equal((await ask(one)).model, B);
    assert.equal((await ask(two)).model, B);
    assert.deepEqual(double.chatRequests.map((r) => r.model), [A, A, B, B], 'neither window sent to the billing model again');

    for (const w of [one, two]) w.store.flush();
    const reloaded = openWindow();
    assert.equal(reloaded.router.stats.ledger.isBilled(A), true, 'still paid after a reload');
    const day = today(reloaded);
    assert.equal(day.requests, 4);
    assert.equal(day.cost, 2 * BILLED_FREE_COST);
    assert.equal(day.promptTokens, 21 * 2 + 4 * 2);
    assert.deepEqual(told.length, 1, 'a reload does not tell again');
    assert.equal(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')).version, 1);
  });

  it('a reset of the statistics leaves the ledger and the billed mark', async () => {
    const w = openWindow();
    double.script(A, billedFreeAnswer(A));
    await ask(w);
    w.store.flush();
    w.router.stats.reset();
    w.store.flush();
    const reloaded = openWindow();
    assert.equal(reloaded.router.stats.snapshot().totals.requests, 0, 'the statistics were reset');
    assert.equal(today(reloaded).requests, 1);
    assert.equal(reloaded.router.stats.ledger.isBilled(A), true);
  });

  it('a ledger read that fails once (EBUSY): chat still answers, the user is told at once, nothing is lost or told twice', async () => {
    const ledgerFile = join(dir, 'ledger.json');
    const earlier = openWindow();
    double.script(B, { kind: 'stream', text: ['earlier'], usage: { prompt: 3, completion: 1, cost: 0 } });
    double.script(A, { kind: 'http-error', status: 503 });
    await ask(earlier);
    earlier.store.flush();

    let failures = 1;
    const files = {
      ...fs,
      readFileSync: ((path: fs.PathOrFileDescriptor, options?: unknown) => {
        if (path === ledgerFile && failures-- === 1) throw Object.assign(new Error('EBUSY: simulated'), { code: 'EBUSY' });
        return fs.readFileSync(path, options as BufferEncoding);
      }) as StatsFs['readFileSync'],
    } as StatsFs;
    const unlucky = openWindow(files);
    failures = 1;
    double.script(A, billedFreeAnswer(A));
    const summary = await ask(unlucky);
    assert.equal(summary.billed?.model, A, 'the answer arrived and says it was billed');
    assert.deepEqual(told, [`${A} ${BILLED_FREE_COST}`], 'told although the file could not be read');
    assert.match(warnings.join('\n'), /ledger file could not be read now/);
    unlucky.store.flush();
    assert.deepEqual(told.length, 1, 'not told again when the save succeeds');
    const reloaded = openWindow();
    assert.equal(today(reloaded).requests, 3, "the earlier window's requests and this one's");
    assert.equal(reloaded.router.stats.ledger.isBilled(A), true);
  });
});
