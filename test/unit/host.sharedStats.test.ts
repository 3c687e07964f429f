// The statistics every window of the profile shares: saved to one file in global storage by adding
// each window's new part under a lock, shown as the sum in every window, reset in all of them, and
// kept over a reload. Two stores on one folder are two windows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config';
import { ModelRouter } from '../../src/core/router';
import { toRouterSettings } from '../../src/host/settings/mapping/routerSettings';
import { SharedStatsStore } from '../../src/host/stats/sharedStats';
import { removeDir } from './tempDirs';

const A = 'a/model-a:free';
const B = 'b/model-b:free';

describe('host: statistics shared by the windows of a profile', () => {
  let dir: string;
  let warnings: string[];
  const stores: SharedStatsStore[] = [];
  const log = { debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined, show: () => undefined };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shared-stats-'));
    warnings = [];
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) s.dispose();
    await removeDir(dir);
  });

  const newRouter = () =>
    new ModelRouter({
      provider: () => {
        throw new Error('no provider in this test');
      },
      models: () => [],
      settings: () => toRouterSettings(defaultConfig()),
    });
  /** A window: its own router, a store on the profile's folder, loaded as at activation. */
  const openWindow = (legacy?: { get<T>(key: string): T | undefined }) => {
    const router = newRouter();
    const store = new SharedStatsStore(dir, router.stats, log, legacy as never);
    stores.push(store);
    store.load();
    return { stats: router.stats, store };
  };
  const answer = (w: { stats: ModelRouter['stats'] }, model = A, totalMs = 300) => {
    w.stats.requestStarted(model);
    w.stats.requestEnded(model, { outcome: 'success', ttftMs: 100, totalMs });
    w.stats.routeEnded('answered', model);
  };
  const requests = (w: { stats: ModelRouter['stats'] }) => w.stats.snapshot().totals.requests;
  const closeWindow = (w: { store: SharedStatsStore }) => {
    w.store.dispose();
    stores.splice(stores.indexOf(w.store), 1);
  };

  it('saves on window close what happened since the last save, and shows it after a reload', () => {
    const before = openWindow();
    answer(before);
    // A chat refused before any request was sent (no model free to take it) counts too.
    before.stats.routeEnded('failed');
    closeWindow(before);
    const after = openWindow();
    assert.equal(requests(after), 1);
    assert.deepEqual(after.stats.snapshot().routes, { answered: 1, failed: 1, cancelled: 0 });
    assert.equal(after.stats.snapshot().models[0].ttftMs.median, 100);
  });

  it('30 requests in two windows at once: both show 30, per model, nothing lost or counted twice', () => {
    const first = openWindow();
    const second = openWindow();
    for (let i = 0; i < 30; i++) {
      const w = i % 3 === 0 ? first : second;
      answer(w, i % 2 ? A : B, 100 + i);
      // Saves interleave as the two windows' timers fire: sometimes one, sometimes both, sometimes none.
      if (i % 4 === 1) first.store.flush();
      if (i % 5 === 2) second.store.flush();
    }
    first.store.flush();
    second.store.flush();
    for (const w of [first, second]) {
      w.store.refreshIfChanged();
      const snap = w.stats.snapshot();
      assert.equal(snap.totals.requests, 30);
      assert.equal(snap.totals.successes, 30);
      assert.deepEqual(snap.routes, { answered: 30, failed: 0, cancelled: 0 });
      assert.deepEqual(Object.fromEntries(snap.models.map((m) => [m.model, m.requests])), { [A]: 15, [B]: 15 });
    }
    // And a third window opened later starts from the same 30.
    assert.equal(requests(openWindow()), 30);
  });

  it("a window shows the others' saved requests plus its own unsaved ones", () => {
    const first = openWindow();
    const second = openWindow();
    answer(first);
    answer(first);
    first.store.flush();
    answer(second);
    second.store.refreshIfChanged();
    assert.equal(requests(second), 3, "two saved by the first window and the second's own");
    assert.equal(requests(first), 2, 'the second has not saved yet');
  });

  it('a reset in one window resets every window, and what they had not saved is not added back', () => {
    const first = openWindow();
    const second = openWindow();
    answer(first);
    first.store.flush();
    answer(second);
    second.store.flush();
    answer(second);
    first.store.refreshIfChanged();
    assert.equal(requests(first), 2);
    first.stats.reset();
    second.store.refreshIfChanged();
    assert.equal(requests(second), 0);
    second.store.flush();
    answer(first);
    first.store.flush();
    second.store.refreshIfChanged();
    assert.equal(requests(second), 1, 'only the request after the reset');
    assert.equal(requests(openWindow()), 1);
  });

  it('a damaged file is moved aside, reported once, and counting starts over', () => {
    writeFileSync(join(dir, 'statistics.json'), '{"resetId":"x","stats":{"version":99}}');
    const w = openWindow();
    assert.equal(requests(w), 0);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /could not be read .* moved to .*unreadable/);
    assert.ok(readdirSync(dir).some((f) => f.startsWith('statistics.json.unreadable-')), 'the damaged numbers are kept aside');
    answer(w);
    w.store.flush();
    assert.equal(requests(openWindow()), 1);
  });

  it("takes over the last version's saved statistics once; a damaged one is reported", async () => {
    const old = openWindow();
    answer(old);
    answer(old);
    const saved = old.stats.pendingSnapshot();
    const legacy = (value: unknown) => ({ get: <T>(key: string) => (key === 'openrouterDual.stats' ? (value as T) : undefined) });
    await removeDir(dir);
    const first = openWindow(legacy(saved));
    assert.equal(requests(first), 2);
    // A second window with the same old value does not add it again.
    assert.equal(requests(openWindow(legacy(saved))), 2);
    await removeDir(dir);
    assert.equal(requests(openWindow(legacy({ version: 99, nonsense: true }))), 0);
    assert.match(warnings.join('\n'), /Saved statistics were not restored/);
  });

  it('a lock left by a window that died holding it is taken over after 10 s', () => {
    const w = openWindow();
    const lock = join(dir, 'statistics.lock');
    mkdirSync(lock);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(lock, old, old);
    answer(w);
    w.store.flush();
    assert.equal(existsSync(lock), false, 'released');
    assert.equal(requests(openWindow()), 1, 'saved despite the stale lock');
    assert.deepEqual(warnings, []);
  });
});
