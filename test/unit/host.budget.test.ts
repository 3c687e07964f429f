// The free-tier budget as the host runs it: the daily limit follows the account (GET /key on the
// double), unless the user set one.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { removeDir } from './tempDirs';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const KEY = 'sk-or-v1-host-budget';

type Api = Awaited<ReturnType<typeof ext.activate>>;

/** Waits (bounded) for something the extension does in the background. */
async function until(check: () => boolean, what: string, withinMs = 5_000): Promise<void> {
  for (let i = 0; i < withinMs / 20; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('host: the daily free-tier limit follows the account', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  before(async () => {

    double = await startDoubleWithoutEnvKey();

  });
  beforeEach(() => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-budget-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
  });
  afterEach(async () => {
    await tearDownHost(context, storage);
  });
  after(async () => {
    await double.close();
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  const start = async (): Promise<Api> => {
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    return ext.activate(context as never);
  };
  const keyChecks = () => double.requests.filter((r) => r.path.endsWith('/key')).length;

  it('1000 a day once GET /key shows purchased credits', async () => {
    double.setKeyInfo({ is_free_tier: false });
    const api = await start();
    await until(() => api.statistics().budget.dayLimit === 1000, 'the account limit');
    assert.equal(keyChecks(), 1);
  });

  it('50 a day while the account has bought none', async () => {
    double.setKeyInfo({ is_free_tier: true });
    const api = await start();
    await until(() => keyChecks() === 1, 'GET /key');
    await until(() => vscode.recorded.logLines.some((l) => /has not bought credits, so 50/.test(l)), 'the log line');
    assert.equal(api.statistics().budget.dayLimit, 50);
  });

  it("the user's own setting wins over the account", async () => {
    vscode.recorded.settings.set('openrouterDual.freeTier.dailyLimit', 50);
    double.setKeyInfo({ is_free_tier: false });
    const api = await start();
    await until(() => vscode.recorded.logLines.some((l) => /has bought credits, so 1000/.test(l)), 'the log line');
    assert.equal(api.statistics().budget.dayLimit, 50);
    // Removing the setting lets the account's limit apply at once.
    vscode.changeSettings({ 'openrouterDual.freeTier.dailyLimit': undefined });
    assert.equal(api.statistics().budget.dayLimit, 1000);
  });
});

describe('host: one free-tier budget for every window of the profile', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  const contexts: ReturnType<typeof vscode.createContext>[] = [];
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  before(async () => {

    double = await startDoubleWithoutEnvKey();

  });
  beforeEach(() => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-budget-shared-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
    vscode.recorded.settings.set('openrouterDual.freeTier.dailyLimit', 1000);
  });
  afterEach(async () => {
    await ext.deactivate();
    for (const c of contexts.splice(0)) for (const d of c.subscriptions) d.dispose();
    await removeDir(storage);
  });
  after(async () => {
    await double.close();
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  /** A window: its own context (own global state and secrets) on the profile's one storage folder. */
  const openWindow = async (): Promise<Api> => {
    const context = vscode.createContext(storage);
    contexts.push(context);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    return ext.activate(context as never);
  };
  const ask = async (api: Api) => {
    let last: { type: string; failure?: { kind: string } } | undefined;
    for await (const e of api.chat({ messages: [{ role: 'user', content: 'hi' }] })) last = e;
    return last;
  };

  it('30 requests split between two windows: each window counts 30', async () => {
    vscode.recorded.settings.set('openrouterDual.freeTier.requestsPerMinute', 100);
    const first = await openWindow();
    const second = await openWindow();
    for (let i = 0; i < 30; i++) assert.equal((await ask(i % 3 === 0 ? first : second))?.type, 'done');
    assert.equal(double.chatRequests.length, 30);
    for (const api of [first, second]) {
      const budget = api.statistics().budget;
      assert.deepEqual([budget.dayUsed, budget.minuteUsed], [30, 30]);
    }
    // The statistics are shared too: each window saves its part within a second and rereads the
    // others' within two, so both show every request, with the times the double took. A save can
    // fall between a route's last event and its end being counted (the next save carries it), so
    // the wait is for the routes' outcomes too, not only for the requests.
    for (const api of [first, second]) {
      await until(() => api.statistics().totals.requests === 30 && api.statistics().routes?.answered === 30, 'the merged statistics', 10_000);
      const stats = api.statistics();
      assert.deepEqual(stats.routes, { answered: 30, failed: 0, cancelled: 0 });
      assert.deepEqual(stats.models.map((m) => [m.model, m.requests, m.successes, m.samples?.totalMs.length]), [[A, 30, 30, 30]]);
    }
  });

  it('the limit holds for the sum: the second window refuses what would go over it', async () => {
    vscode.recorded.settings.set('openrouterDual.freeTier.requestsPerMinute', 20);
    const first = await openWindow();
    const second = await openWindow();
    for (let i = 0; i < 12; i++) assert.equal((await ask(first))?.type, 'done');
    for (let i = 0; i < 8; i++) assert.equal((await ask(second))?.type, 'done');
    const refused = await ask(second);
    assert.equal(refused?.failure?.kind, 'budget_exhausted');
    assert.equal(double.chatRequests.length, 20);
  });

  it('a window opened later (or after a reload) counts what the others spent today', async () => {
    const first = await openWindow();
    for (let i = 0; i < 5; i++) await ask(first);
    const later = await openWindow();
    assert.equal(later.statistics().budget.dayUsed, 5);
  });
});
