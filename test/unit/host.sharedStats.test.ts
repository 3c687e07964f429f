// The statistics every window of the profile shares: saved to one file in global storage by adding
// each window's new part under a lock, shown as the sum in every window, reset in all of them, and
// kept over a reload. Two stores on one folder are two windows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config';
import { ModelRouter } from '../../src/core/router';
import { toRouterSettings } from '../../src/host/settings/mapping/routerSettings';
import { SharedStatsStore, type StatsFs } from '../../src/host/stats/sharedStats';
import { FileSharedBudgetStore, type BudgetFs } from '../../src/host/stats/sharedBudgetStore';
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
  const openWindow = (legacy?: { get<T>(key: string): T | undefined }, files?: StatsFs) => {
    const router = newRouter();
    const store = new SharedStatsStore(dir, router.stats, log, legacy as never, files);
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
    writeFileSync(join(dir, 'statistics.json'), '{"resetId":"x","stats":{"version":1,"at":"soon"}}');
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

  /** node:fs with one operation replaced: a disk, a virus scanner or another window that gets in the way. */
  const faultyFs = (override: Partial<StatsFs>): StatsFs => ({ ...fs, ...override }) as StatsFs;
  const statsFile = () => join(dir, 'statistics.json');
  const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

  it('a read that fails once (EMFILE) is not taken as "no file": the totals stay, and the unsaved part is saved next time', () => {
    const busy = openWindow();
    for (let i = 0; i < 300; i++) answer(busy);
    busy.store.flush();
    let failures = 1;
    const unlucky = openWindow(
      undefined,
      faultyFs({
        readFileSync: ((path: fs.PathOrFileDescriptor, options?: unknown) => {
          if (path === statsFile() && failures-- === 1) throw errno('EMFILE');
          return fs.readFileSync(path, options as BufferEncoding);
        }) as StatsFs['readFileSync'],
      }),
    );
    failures = 1;
    answer(unlucky);
    unlucky.store.flush();
    assert.equal(requests(openWindow()), 300, 'one window\'s part did not replace every window\'s totals');
    assert.match(warnings.join('\n'), /EMFILE.*saves them later/);
    unlucky.store.flush();
    assert.equal(requests(openWindow()), 301, 'the part kept back was saved by the next save');
  });

  it('a file a newer version wrote: what this version understands is shown, nothing is moved aside or written', () => {
    const w = openWindow();
    answer(w);
    answer(w, B);
    w.stats.requestStarted(B);
    w.stats.requestEnded(B, { outcome: 'upstream', totalMs: 5, message: 'x' });
    w.store.flush();
    const doc = JSON.parse(readFileSync(statsFile(), 'utf8')) as { stats: { version: number; models: { model: string; failures: Record<string, number>; lastError?: { kind: string } }[]; quota?: unknown } };
    doc.stats.version = 2;
    doc.stats.quota = { spent: 1 };
    const b = doc.stats.models.find((m) => m.model === B)!;
    b.failures.quota_exceeded = 4;
    b.lastError = { ...b.lastError!, kind: 'quota_exceeded' };
    const text = JSON.stringify(doc);
    writeFileSync(statsFile(), text);

    const older = openWindow();
    assert.equal(requests(older), 3, 'the totals it understands are shown');
    assert.equal(older.stats.snapshot().models.find((m) => m.model === A)?.requests, 1);
    answer(older);
    older.store.flush();
    assert.equal(readFileSync(statsFile(), 'utf8'), text, 'the newer file is not written over');
    assert.ok(!readdirSync(dir).some((f) => f.includes('unreadable')), 'nothing is moved aside');
    assert.match(warnings.join('\n'), /newer version.*stops saving until it is updated/);
  });

  it('the lock: a live holder is never waited on or robbed, a save that finds it taken happens later, and a holder that lost it writes nothing', () => {
    const w = openWindow();
    answer(w);
    // Another window holds the lock now (its token, just refreshed).
    const lock = join(dir, 'statistics.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), 'the-other-window');
    w.store.flush();
    assert.equal(existsSync(statsFile()), false, 'not written while the other window holds the lock');
    assert.equal(readFileSync(join(lock, 'owner'), 'utf8'), 'the-other-window', 'a live lock is not taken over');
    fs.rmSync(lock, { recursive: true });
    w.store.flush();
    assert.equal(requests(openWindow()), 1, 'saved once the lock was free');

    // This window's lock is taken over while it writes (it stalled past the stale age).
    const robbed = openWindow(
      undefined,
      faultyFs({
        writeFileSync: ((path: fs.PathOrFileDescriptor, data: string, options?: unknown) => {
          fs.writeFileSync(path, data, options as BufferEncoding);
          if (String(path).endsWith('.tmp')) writeFileSync(join(lock, 'owner'), 'the-window-that-took-over');
        }) as StatsFs['writeFileSync'],
      }),
    );
    for (let i = 0; i < 5; i++) answer(robbed);
    const before = readFileSync(statsFile(), 'utf8');
    robbed.store.flush();
    assert.equal(readFileSync(statsFile(), 'utf8'), before, 'a holder that lost the lock does not write');
    assert.equal(readFileSync(join(lock, 'owner'), 'utf8'), 'the-window-that-took-over', "it does not release the other window's lock");
    fs.rmSync(lock, { recursive: true });
    assert.equal(robbed.stats.pendingSnapshot()?.totals.requests, 5, 'its part waits for the next save');
  });
});

describe('host: the free-tier budget files of the windows', () => {
  let dir: string;
  const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shared-budget-'));
  });
  afterEach(() => removeDir(dir));

  /** node:fs that counts the budget files read. */
  const countingFs = () => {
    const reads: string[] = [];
    const files = {
      ...fs,
      readFileSync: ((path: fs.PathOrFileDescriptor, options?: unknown) => {
        reads.push(String(path));
        return fs.readFileSync(path, options as BufferEncoding);
      }) as BudgetFs['readFileSync'],
    } as BudgetFs;
    return { reads, files };
  };

  it('300 files left by earlier activations are bounded, and each file is read once per change, not on every check', () => {
    const now = Date.now();
    // Earlier activations: their requests are more than a day old, so nothing in them counts.
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `old-${i}.json`), JSON.stringify({ day: [now - 30 * 3_600_000], minute: [] }));
    const live = new FileSharedBudgetStore(dir, log);
    live.publish({ day: [now - 1000, now - 500], minute: [now - 500] });

    const { reads, files } = countingFs();
    const window = new FileSharedBudgetStore(dir, log, Date.now, files);
    assert.ok(fs.readdirSync(dir).length <= 3, `bounded: ${fs.readdirSync(dir).length} files left`);
    reads.length = 0;
    for (let check = 0; check < 50; check++) assert.deepEqual(window.others().map((p) => p.day.length), [2]);
    assert.equal(reads.length, 1, 'read once for 50 budget checks');
    live.publish({ day: [now - 1000, now - 500, now], minute: [now] });
    assert.deepEqual(window.others().map((p) => p.day.length), [3], 'a change is seen at the next check');
    assert.equal(reads.length, 2);
  });
});
