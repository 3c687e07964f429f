// The built settings page in headless Chromium, with the harness playing VS Code and the host.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SECTIONS } from '../../src/protocol/pageMessages';
import { HARNESS_KEY, GONE_MODEL, HARNESS_ENDPOINT_KEY, ENDING_MODEL } from './fakeBackend';
import type { Harness } from './harness';
import { startHarnessServer, type HarnessServer } from './server';

declare const harness: Harness;

const root = path.resolve(__dirname, '../..');
const artifacts = path.join(root, 'artifacts', 'webview');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('settings page in Chromium', function () {
  let server: HarnessServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  before(async function () {
    const built = await esbuild.build({
      entryPoints: [path.join(__dirname, 'harness.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      logLevel: 'warning',
    });
    server = await startHarnessServer(root, built.outputFiles[0].text);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  async function open(query = ''): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const p = await context.newPage();
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${server.origin}/index.html${query}`);
    await p.waitForSelector('main:not([aria-busy])', { timeout: 20_000 });
    return p;
  }

  afterEach(async function () {
    for (const context of browser.contexts()) {
      for (const p of context.pages()) assert.deepEqual(await p.evaluate(() => harness.violations), [], 'Content Security Policy violations');
      await context.close();
    }
    const errors = pageErrors;
    pageErrors = [];
    assert.deepEqual(errors, [], 'uncaught errors in the page');
  });

  const sent = (p: Page) => p.evaluate(() => harness.fromPage as { type: string; [k: string]: unknown }[]);

  it('renders every section with the host snapshot', async function () {
    page = await open();
    for (const id of SECTIONS) assert.ok(await page.isVisible(`#section-${id} h2`), `section ${id} is visible`);
    assert.equal(await page.locator('.mode-cards .card').count(), 2);
    assert.equal(await page.locator('.strategy-cards .card').count(), 5);
    assert.equal(await page.locator('tr[data-model-row]').count(), 9, 'one row per built-in free model');
    assert.ok(await page.isChecked('input[data-setting="providerMode"][value="openai_compatible"]'));
    assert.ok(await page.isChecked('input[data-setting="routingStrategy"][value="failover"]'));
    assert.equal(await page.inputValue('input[data-setting="maxRetries"]'), '2');
    assert.match(await page.textContent('.list-status') ?? '', /Live list, updated 5 min ago/);
    assert.match(await page.textContent(`tr[data-model-row="${GONE_MODEL}"]`) ?? '', /gone/);
    assert.match(await page.textContent('tr[data-model-row="qwen/qwen3-8b:free"]') ?? '', /cooling down/);
    assert.match(await page.textContent('[data-use-case="coding"]') ?? '', /code model; calls tools/);
    assert.match(await page.textContent('.stats-table') ?? '', /No requests yet/);
    assert.equal((await sent(page))[0]?.type, 'ready');
  });

  it('choosing a provider mode or a strategy sends the setting and shows the saved choice', async function () {
    page = await open();
    await page.click('.mode-cards .card[data-value="openrouter_sdk"]');
    await page.click('.strategy-cards .card[data-value="fastest_first"]');
    await page.waitForFunction(() => harness.config().routingStrategy === 'fastest_first');
    const messages = (await sent(page)).filter((m) => m.type === 'setSetting');
    assert.deepEqual(messages, [
      { type: 'setSetting', key: 'providerMode', value: 'openrouter_sdk' },
      { type: 'setSetting', key: 'routingStrategy', value: 'fastest_first' },
    ]);
    assert.equal(await page.evaluate(() => harness.config().providerMode), 'openrouter_sdk');
    await page.waitForSelector('.mode-cards .card.selected[data-value="openrouter_sdk"]');
    await page.selectOption('select[data-setting="freeTier.dailyLimit"]', '1000');
    await page.waitForFunction(() => harness.config()['freeTier.dailyLimit'] === 1000);
    await page.check('input[data-setting="serverSideFallback"]');
    await page.waitForFunction(() => harness.config().serverSideFallback === true);
  });

  it('the Providers part of Routing writes the provider preferences, with what they do to free models', async function () {
    page = await open();
    await page.getByText('Many free endpoints log or train on prompts', { exact: false }).waitFor();
    await page.selectOption('select[data-setting="provider.dataCollection"]', 'deny');
    await page.waitForFunction(() => harness.config()['provider.dataCollection'] === 'deny');
    await page.selectOption('select[data-setting="provider.sort"]', 'throughput');
    await page.waitForFunction(() => harness.config()['provider.sort'] === 'throughput');
    await page.check('input[data-setting="provider.zdr"]');
    await page.waitForFunction(() => harness.config()['provider.zdr'] === true);
    await page.uncheck('input[data-setting="provider.allowFallbacks"]');
    await page.waitForFunction(() => harness.config()['provider.allowFallbacks'] === false);
  });

  it('bad input shows the host’s error next to the field, keeps the text, and clears once fixed', async function () {
    page = await open();
    const input = page.locator('input[data-setting="maxRetries"]');
    await input.fill('99');
    await input.press('Enter');
    const error = page.locator('[data-error-for="maxRetries"]');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent() ?? '', /maxRetries: .*10/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await input.inputValue(), '99', 'the rejected text stays for correction');
    assert.equal(await page.evaluate(() => harness.config().maxRetries), 2, 'nothing invalid was written');
    assert.ok((await error.getAttribute('id')) && (await input.getAttribute('aria-describedby'))?.includes((await error.getAttribute('id'))!));

    await input.fill('4');
    await input.press('Enter');
    await error.waitFor({ state: 'hidden' });
    assert.equal(await input.getAttribute('aria-invalid'), null);
    assert.equal(await page.evaluate(() => harness.config().maxRetries), 4);

    const url = page.locator('input[data-setting="baseUrl"]');
    await url.fill('ftp://example');
    await url.press('Enter');
    await page.locator('[data-error-for="baseUrl"]').waitFor({ state: 'visible' });
  });

  it("the ledger: today's requests, tokens and cost, the free requests left, GET /key's figures and a billed 'free' model", async function () {
    page = await open();
    await page.waitForSelector('[data-ledger]:has-text("0 requests, 0 in / 0 out tokens, cost $0.00.")');
    await page.evaluate(() => {
      const stats = harness.statsWith([{ model: 'qwen/qwen3-8b:free', requests: 3, share: 1 }]);
      const day = new Date().toISOString().slice(0, 10);
      harness.emitStats({
        ...stats,
        ledger: {
          days: [
            { day: '2020-01-01', models: [{ model: 'old/model:free', requests: 9, promptTokens: 9, completionTokens: 9, cost: 0 }] },
            {
              day,
              models: [
                { model: 'qwen/qwen3-8b:free', requests: 2, promptTokens: 120, completionTokens: 40, cost: 0 },
                { model: 'billing/model:free', requests: 1, promptTokens: 21, completionTokens: 9, cost: 0.00042 },
              ],
            },
          ],
          billed: [{ model: 'billing/model:free', cost: 0.00042, at: Date.now() }],
        },
        account: { usageDaily: 0.00042, limitRemaining: null, freeRequests: { limit: 50, remaining: 46, used: 4 }, at: Date.now() },
      });
    });
    const ledger = page.locator('[data-ledger]');
    await page.waitForSelector('[data-ledger]:has-text("3 requests, 141 in / 49 out tokens, cost $0.0004.")');
    const text = (await ledger.textContent()) ?? '';
    assert.match(text, /Free requests left today: 47 of 50\./);
    assert.match(text, /OpenRouter counts 46 of 50 free requests left today\./);
    assert.match(text, /OpenRouter says this key spent \$0\.0004 today\./);
    assert.match(await page.locator('[data-billed]').textContent() ?? '', /Billed although listed as free \(now treated as paid\): billing\/model:free\./);
    assert.equal(await page.locator('tr[data-ledger-row="qwen/qwen3-8b:free"] [data-col="input"]').textContent(), '120');
    assert.equal(await page.locator('tr[data-ledger-row="billing/model:free"] [data-col="cost"]').textContent(), '$0.0004');
    assert.equal(await page.locator('tr[data-ledger-row="old/model:free"]').count(), 0, "only today's rows");
  });

  it('live statistics updates re-render the table and the charts', async function () {
    page = await open();
    await page.evaluate(() => harness.emitStats(harness.statsWith([{ model: 'qwen/qwen3-8b:free', requests: 7, share: 1 }])));
    await page.waitForSelector('tr[data-stats-row="qwen/qwen3-8b:free"] [data-col="requests"]:text-is("7")');
    await page.evaluate(() =>
      harness.emitStats(
        harness.statsWith([
          { model: 'qwen/qwen3-8b:free', requests: 9, share: 0.6 },
          { model: 'deepseek/deepseek-r1:free', requests: 6, share: 0.4, error: 'rate limited (429), retry after 30 s' },
        ]),
      ),
    );
    await page.waitForSelector('tr[data-stats-row="qwen/qwen3-8b:free"] [data-col="requests"]:text-is("9")');
    const row = page.locator('tr[data-stats-row="deepseek/deepseek-r1:free"]');
    assert.match(await row.locator('[data-col="lastError"]').textContent() ?? '', /rate_limited: rate limited \(429\)/);
    assert.match(await row.locator('[data-col="cooldown"]').textContent() ?? '', /\d+ s/);
    assert.equal(await row.locator('[data-col="success"]').textContent(), '83%');
    assert.equal(await page.locator('.latency-chart polyline').count(), 2);
    assert.equal(await page.locator('.load-chart rect').count(), 2);
    assert.match(await page.textContent('.stats-totals') ?? '', /15 requests, 14 answered, 1 failed/);
    assert.ok(await page.locator('.stats-gateway').isHidden(), 'no gateway line before the gateway routed anything');
    // A bench says why, and until when in its title.
    await page.evaluate(() => {
      const stats = harness.statsWith([{ model: 'deepseek/deepseek-r1:free', requests: 6, share: 1, error: 'provider unavailable (503)' }]);
      stats.models[0] = { ...stats.models[0], cooldownWhy: 'failure_rate', cooldownKind: 'upstream' };
      harness.emitStats(stats);
    });
    const benched = row.locator('[data-col="cooldown"][data-why="failure_rate"]');
    await benched.waitFor();
    assert.match(await benched.textContent() ?? '', /^\d+ s · benched: too many recent failures$/);
    assert.match(await benched.getAttribute('title') ?? '', /^until \d/);
    await page.evaluate(() => harness.emitStats({ ...harness.statsWith([{ model: 'qwen/qwen3-8b:free', requests: 4, share: 1 }]), gatewayRoutes: { answered: 3, failed: 1, cancelled: 0 } }));
    await page.waitForSelector('.stats-gateway:text("Through the local gateway: 3 answered, 1 failed, 0 cancelled.")');

    await page.getByRole('button', { name: 'Reset statistics' }).click();
    await page.waitForSelector('.stats-table :text("No requests yet")');
    assert.ok((await page.evaluate(() => harness.calls())).includes('resetStats'));
  });

  it('toggling a model sends toggleModel and reflects the host’s answer', async function () {
    page = await open();
    const box = page.locator('input[data-model="deepseek/deepseek-r1:free"]');
    assert.ok(await box.isChecked());
    await box.uncheck();
    await page.waitForFunction(() => !harness.config().enabledModels.includes('deepseek/deepseek-r1:free'));
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'toggleModel'), [{ type: 'toggleModel', id: 'deepseek/deepseek-r1:free', enabled: false }]);
    await page.click('[data-use-case="reasoning"] button:text("Enable")');
    await page.waitForFunction(() => harness.config().enabledModels.includes('qwen/qwq-32b:free'));
    await page.waitForSelector('input[data-model="qwen/qwq-32b:free"]:checked');

    await page.click(`input[data-model="${GONE_MODEL}"]`);
    await page.waitForSelector('.notice-error:has-text("no longer offered")');
    await page.waitForFunction((id) => !document.querySelector<HTMLInputElement>(`input[data-model="${id}"]`)?.checked, GONE_MODEL);
  });

  it('a refused toggle is undone when its error shows, not a state update later', async function () {
    page = await open();
    // What the user sees at the moment the error appears: the box must already be back to what
    // the host holds. Recorded in the same task that adds the notice, so no later state can mask it.
    await page.evaluate((id) => {
      const w = window as unknown as { checkedAtNotice?: boolean[] };
      w.checkedAtNotice = [];
      new MutationObserver(() => {
        if (document.querySelector('.notice-error')) w.checkedAtNotice!.push(document.querySelector<HTMLInputElement>(`input[data-model="${id}"]`)!.checked);
      }).observe(document.querySelector('.notices')!, { childList: true });
    }, GONE_MODEL);
    await page.click(`input[data-model="${GONE_MODEL}"]`);
    await page.waitForSelector('.notice-error:has-text("no longer offered")');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { checkedAtNotice: boolean[] }).checkedAtNotice), [false]);
  });

  it('searches, filters and sorts the model table', async function () {
    page = await open();
    await page.fill('input[type="search"]', 'qwen');
    assert.equal(await page.locator('tr[data-model-row]').count(), 4);
    await page.fill('input[type="search"]', '');
    await page.check('input[data-capability="vision"]');
    const vision = await page.locator('tr[data-model-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model-row')));
    assert.deepEqual(vision, [GONE_MODEL]);
    await page.uncheck('input[data-capability="vision"]');
    await page.selectOption('select:has(option[value="coding"])', 'coding');
    const coding = await page.locator('tr[data-model-row] [data-badge]').count();
    assert.ok(coding > 0);
    await page.selectOption('select:has(option[value="coding"])', 'all');
    await page.click('button[data-sort="context"]');
    await page.click('button[data-sort="context"]');
    assert.equal(await page.getAttribute('th:has(button[data-sort="context"])', 'aria-sort'), 'descending');
    const first = await page.locator('tr[data-model-row]').first().getAttribute('data-model-row');
    assert.match(first ?? '', /deepseek-r1/, 'largest context first');
  });

  it('never lets the API key into the DOM, the page state or the messages, even from a leaky backend', async function () {
    page = await open();
    await page.getByRole('button', { name: 'Set key…' }).click();
    await page.waitForSelector('.key-status[data-key-source="secret"]');
    await page.click('#section-connection button:text("Run test")');
    await page.waitForSelector('.connection-status[data-status="passed"]');
    assert.equal(await page.locator('.step').count(), 3);
    assert.match(await page.textContent('[data-step="chat"]') ?? '', /1\.24 s/);
    assert.equal(await page.evaluate(() => harness.secret()), HARNESS_KEY, 'the fake backend holds the key');
    const dom = await page.evaluate(() => document.documentElement.outerHTML + Array.from(document.querySelectorAll('input')).map((i) => i.value).join(' '));
    assert.ok(!dom.includes(HARNESS_KEY), 'key in the DOM');
    assert.ok(!(await page.evaluate(() => harness.vscodeState() ?? '')).includes(HARNESS_KEY), 'key in getState()');
    assert.ok(!JSON.stringify(await page.evaluate(() => harness.toPage)).includes(HARNESS_KEY), 'key in a host message');
    await page.getByRole('button', { name: 'Clear key' }).click();
    await page.waitForSelector('.key-status[data-key-source="none"]');
  });

  it('runs the host operations and shows their outcome: refresh, export, import, a failing connection test', async function () {
    page = await open();
    await page.evaluate(() => {
      harness.backend.fetchedAt = Date.now() - 3 * 3600_000;
    });
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await page.waitForSelector('.list-status:has-text("updated 0 s ago")');
    await page.waitForSelector('.notice-info:has-text("up to date")');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.waitForSelector('.notice:has-text("exported to /tmp/openrouter-dual.json")');
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.waitForSelector('.notice-error:has-text("nothing was imported")');
    assert.ok(!(await page.getByRole('button', { name: 'Import…' }).isDisabled()), 'the button is usable again after the operation');
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.waitForSelector('.connection-status[data-status="failed"]');
    assert.match(await page.textContent('[data-step="key"]') ?? '', /✗\s*API key.*No API key/s);
    assert.deepEqual(
      (await page.evaluate(() => harness.calls())).filter((c) => c !== 'snapshot'),
      ['refreshModels', 'exportConfig', 'importConfig', 'testConnection'],
    );
  });

  it('the gateway section starts and stops the gateway, shows its URL, copies through the host, and sets its port', async function () {
    page = await open();
    await page.waitForSelector('.gateway-status[data-running="false"]');
    await page.getByRole('button', { name: 'Start gateway' }).click();
    await page.waitForSelector('.gateway-status[data-running="true"]:has-text("Running at http://127.0.0.1:4319/v1")');
    await page.getByRole('button', { name: 'Copy URL and token' }).click();
    await page.waitForSelector('.notice-info:has-text("Copied OPENAI_BASE_URL")');
    assert.ok(!(await page.content()).includes('ordg-harness-token'), 'the token never reaches the page');
    await page.getByRole('button', { name: 'Stop gateway' }).click();
    await page.waitForSelector('.gateway-status[data-running="false"]');
    await page.getByLabel('Port').fill('5123');
    await page.getByLabel('Port').press('Enter');
    await page.getByLabel('Port').blur();
    await page.getByLabel('Start with VS Code').check();
    await page.waitForFunction(() => harness.calls().includes('setSetting gateway.enabled=true'));
    const calls = (await page.evaluate(() => harness.calls())).filter((c) => c !== 'snapshot');
    assert.deepEqual(calls, ['startGateway', 'copyGatewayUrl', 'stopGateway', 'setSetting gateway.port=5123', 'setSetting gateway.enabled=true']);
  });

  it('the endpoints section adds, tests, edits and removes an endpoint, sets its key through the host, and toggles its models', async function () {
    page = await open();
    const section = page.locator('#section-endpoints');
    await section.locator('[data-endpoints-empty]:not([hidden])').waitFor();
    const form = section.locator('.endpoint-add');
    await form.locator('summary').click();
    // The Ollama preset fills in the base URL from Ollama's documentation, an id and a name.
    await form.getByLabel('Server').selectOption('ollama');
    assert.equal(await form.getByLabel('Base URL').inputValue(), 'http://localhost:11434/v1');
    assert.equal(await form.getByLabel('Name').inputValue(), 'Ollama');
    await form.getByLabel('Id').fill('Not An Id');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.locator('[data-error-for="endpoint:new"]:has-text("lower-case letters")').waitFor();
    await form.getByLabel('Id').fill('ollama');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const row = section.locator('li[data-endpoint="ollama"]');
    await row.locator('.endpoint-status[data-answering="unknown"]:has-text("Not checked yet · No key · free")').waitFor();
    // Once added, the form proposes the next free id for another server.
    await page.waitForFunction(() => (document.querySelector('.endpoint-add input[maxlength="32"]') as HTMLInputElement).value === 'ollama-2');

    await row.getByRole('button', { name: 'Test' }).click();
    await row.locator('.endpoint-test[data-ok="true"]:has-text("Ollama answers: 2 models.")').waitFor();
    await row.locator('.endpoint-status[data-answering="yes"]').waitFor();
    await row.getByLabel('Use llama3.2:3b').check();
    await page.waitForFunction(() => harness.config().enabledModels.includes('@ollama/llama3.2:3b'));
    // Its statistics name it as users know it; the row keeps the id.
    await page.evaluate(() => harness.emitStats(harness.statsWith([{ model: '@ollama/llama3.2:3b', requests: 2, share: 1 }])));
    await page.locator('tr[data-stats-row="@ollama/llama3.2:3b"] th:text-is("llama3.2:3b (Ollama)")').waitFor();

    await row.getByRole('button', { name: 'Set key…' }).click();
    await row.locator('.endpoint-status[data-key="true"]:has-text("Key set")').waitFor();
    await row.getByRole('button', { name: 'Replace key…' }).waitFor();
    assert.ok(!(await page.content()).includes(HARNESS_ENDPOINT_KEY), 'the endpoint key never reaches the page');
    assert.ok(!JSON.stringify(await page.evaluate(() => harness.toPage)).includes(HARNESS_ENDPOINT_KEY), 'no message carries the endpoint key');

    await row.getByRole('button', { name: 'Edit' }).click();
    await row.locator('.endpoint-edit').getByLabel('Name').fill('Ollama on the NAS');
    await row.locator('.endpoint-edit').getByLabel('Base URL').fill('http://127.0.0.1:9/v1/');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.locator('.endpoint-label:has-text("Ollama on the NAS")').waitFor();
    await row.locator('.endpoint-edit').waitFor({ state: 'hidden' });
    assert.equal(await row.locator('.endpoint-url').textContent(), 'http://127.0.0.1:9/v1');
    await row.getByRole('button', { name: 'Test' }).click();
    await row.locator('.endpoint-test[data-ok="false"]:has-text("Ollama on the NAS does not answer")').waitFor();
    await row.locator('.endpoint-status[data-answering="no"]:has-text("Not answering")').waitFor();

    await row.getByRole('button', { name: 'Remove' }).click();
    await row.locator('.endpoint-confirm:has-text("Remove Ollama on the NAS?")').waitFor();
    await row.getByRole('button', { name: 'Remove endpoint' }).click();
    await row.waitFor({ state: 'detached' });
    await section.locator('[data-endpoints-empty]:not([hidden])').waitFor();
    assert.ok(!(await page.evaluate(() => harness.config().enabledModels)).some((m) => m.startsWith('@ollama/')), 'its models left the enabled ones');
    const calls = (await page.evaluate(() => harness.calls())).filter((c) => c !== 'snapshot');
    assert.deepEqual(calls, [
      'saveEndpoint {"id":"ollama","label":"Ollama","baseUrl":"http://localhost:11434/v1"}',
      'testEndpoint ollama',
      'toggleModel @ollama/llama3.2:3b=true',
      'setEndpointKey ollama',
      'saveEndpoint {"id":"ollama","label":"Ollama on the NAS","baseUrl":"http://127.0.0.1:9/v1/"} ollama',
      'testEndpoint ollama',
      'removeEndpoint ollama',
    ]);
  });

  it('survives malformed host messages and keeps working', async function () {
    page = await open();
    await page.evaluate(() => {
      harness.postRaw('garbage');
      harness.postRaw(null);
      harness.postRaw({ type: 'state', state: { config: 'nope' } });
      harness.postRaw({ type: 'stats', stats: { version: 2 } });
      harness.postRaw({ type: 'validation', field: 42 });
      harness.postRaw({ type: 'unknown-kind' });
      harness.postRaw({ type: 'notice', level: 'error', message: '<img src=x onerror="window.pwned=1">' });
    });
    await page.evaluate(() => harness.emitStats(harness.statsWith([{ model: 'after/garbage:free', requests: 3, share: 1 }])));
    await page.waitForSelector('tr[data-stats-row="after/garbage:free"]');
    assert.equal(await page.locator('tr[data-model-row]').count(), 9, 'the last good state still shows');
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, 'text is never parsed as HTML');
    assert.ok(await page.isVisible('.notice:has-text("<img src=x")'));
  });

  it('is usable from the keyboard: Tab reaches every kind of control, all of them labelled', async function () {
    page = await open();
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { focusSeen: seen });
      document.addEventListener('focusin', (e) => {
        const el = e.target as HTMLElement;
        const name = el.dataset.setting ?? el.dataset.model ?? el.dataset.sort ?? el.dataset.capability ?? (el.textContent?.trim() || el.getAttribute('type') || el.tagName);
        seen.push(name === 'deepseek/deepseek-r1:free' ? 'model-checkbox' : name);
      });
    });
    for (let i = 0; i < 90; i++) await page.keyboard.press('Tab');
    const reached = new Set(await page.evaluate(() => (window as unknown as { focusSeen: string[] }).focusSeen));
    for (const expected of ['Provider mode', 'providerMode', 'Set key…', 'search', 'vision', 'context', 'model-checkbox', 'routingStrategy', 'maxRetries', 'Run test', 'Reset statistics', 'Export…']) {
      assert.ok(reached.has(expected), `Tab reaches ${expected}; reached: ${[...reached].join(', ')}`);
    }
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('input, select, button'))
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          return !(labels && labels.length) && !el.getAttribute('aria-label') && !el.textContent?.trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
    await page.keyboard.press('Shift+Tab');
    await page.evaluate(() => harness.reveal('statistics'));
    await page.waitForFunction(() => document.activeElement?.id === 'heading-statistics');
  });

  it('keeps search and filters when the panel is hidden and shown again', async function () {
    page = await open();
    await page.fill('input[type="search"]', 'deepseek');
    await page.reload();
    await page.waitForSelector('main:not([aria-busy])', { timeout: 20_000 });
    assert.equal(await page.inputValue('input[type="search"]'), 'deepseek');
    assert.equal(await page.locator('tr[data-model-row]').count(), 2);

    // A saved state from an older or broken page must not break the new one.
    await page.evaluate(() =>
      sessionStorage.setItem('harness-vscode-state', JSON.stringify({ v: 1, ui: { capabilities: 'vision', sort: 5, search: 'qwen' }, snapshot: { config: 1 }, connection: { status: 'weird' } })),
    );
    await page.reload();
    await page.waitForSelector('main:not([aria-busy])', { timeout: 20_000 });
    assert.equal(await page.locator('tr[data-model-row]').count(), 4, 'the valid part (search) is kept, the rest reset');
  });

  it("shows a model's expiration date under its id, and only for models that have one", async function () {
    page = await open();
    const ends = page.locator(`tr[data-model-row="${ENDING_MODEL}"] [data-ends]`);
    assert.equal(await ends.textContent(), 'ends after 2026-12-07');
    assert.match((await ends.getAttribute('title')) ?? '', /expiration date/);
    assert.equal(await page.locator('[data-ends]').count(), 1);
  });

  it('speaks Simplified Chinese when VS Code does', async function () {
    page = await open('?lang=zh-cn');
    assert.equal(await page.textContent('#heading-models'), '免费模型');
    assert.equal(await page.textContent(`tr[data-model-row="${ENDING_MODEL}"] [data-ends]`), '2026-12-07 之后停止提供');
    assert.ok(await page.getByRole('button', { name: '设置密钥…' }).isVisible());
  });

  it('saves light and dark screenshots', async function () {
    await mkdir(artifacts, { recursive: true });
    for (const theme of ['light', 'dark']) {
      const p = await open(`?theme=${theme}`);
      await p.evaluate(() =>
        harness.emitStats(
          harness.statsWith([
            { model: 'qwen/qwen3-8b:free', requests: 12, share: 0.55 },
            { model: 'deepseek/deepseek-r1:free', requests: 7, share: 0.3, error: 'rate limited (429), retry after 30 s' },
            { model: 'mistralai/devstral-small-2505:free', requests: 3, share: 0.15 },
          ]),
        ),
      );
      await p.waitForSelector('tr[data-stats-row="mistralai/devstral-small-2505:free"]');
      await p.screenshot({ path: path.join(artifacts, `settings-${theme}.png`), fullPage: true });
      // `npm run screenshots` sets this: the README's pictures (the first screenful) go there.
      const readmeShots = process.env.OPENROUTER_DUAL_README_SHOTS;
      if (readmeShots) await p.screenshot({ path: path.join(readmeShots, `settings-${theme}.png`) });
      if (theme === 'dark') {
        // A panel beside the editor is narrow: the layout must hold there too.
        await p.setViewportSize({ width: 560, height: 900 });
        await p.screenshot({ path: path.join(artifacts, 'settings-dark-narrow.png'), fullPage: true });
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'no horizontal scrolling of the whole page at 560 px (tables scroll inside their box)');
      }
    }
  });
});
