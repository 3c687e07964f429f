// 15. Endpoints: add a local OpenAI-compatible server from the palette (the Ollama preset, pointed at
//     the second double), enable its model, and see a rate-limited OpenRouter request answered by it,
//     with the footer naming it by its endpoint's label. The settings page then lists it as answering,
//     and removes it again (with its enabled model), so the scenarios after this one see OpenRouter alone.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { MODELS, assert, type Scenario } from '../context';
import { freeTierLimit } from '../../fixtures/double';
import { findSettingsFrame, waitForSettingOnDisk } from '../settingsPage';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

const LOCAL_MODEL = 'llama3.2:3b';
/**
 * How long OpenRouter's free-tier 429 keeps its free models closed. Long enough that a loaded machine
 * still delivers the request well within it (checked below), short enough to wait out at the end.
 */
const FREE_TIER_CLOSED_MS = 30_000;

/** Waits until `at` (epoch ms), saying what for: the one wait here that is about the clock, not the page. */
async function waitUntil(page: Page, at: number, what: string): Promise<void> {
  const left = at - Date.now();
  if (left > 0) await page.waitForTimeout(left).catch((e: unknown) => Promise.reject(new Error(`waiting for ${what}: ${String(e)}`)));
}

export const localEndpointScenario: Scenario = {
  id: 15,
  title: 'A local endpoint added from the palette answers a rate-limited OpenRouter request',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const { workbench, page, local } = ctx;
    const stored = (JSON.parse(readFileSync(ctx.profile.settingsPath, 'utf8')) as Record<string, unknown>)['openrouterDual.enabledModels'];
    // Earlier scenarios may have changed the enabled models; the profile starts with MODELS.
    const enabledBefore = Array.isArray(stored) && stored.length ? stored.filter((m): m is string => typeof m === 'string') : [...MODELS];
    const quick = page.locator('.quick-input-widget');
    await workbench.pickFromCommand('OpenRouter: Add Endpoint…', 'Ollama');
    ctx.step('Add Endpoint opened, Ollama picked');
    await workbench.answerInputBox(local.baseUrl, false, 'Base URL of the endpoint');
    await workbench.answerInputBox('ollama', false, 'Endpoint id');
    ctx.step('base URL and id entered');
    // The endpoint's models, read from its GET /v1/models: check the one to enable and accept.
    const row = quick.locator('.monaco-list-row', { hasText: LOCAL_MODEL }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    // In a multi-select quick pick a click on the row toggles its checkbox; the count confirms it.
    await row.click();
    await quick.getByText('1 Selected').waitFor({ state: 'visible', timeout: 10_000 });
    await quick.getByRole('button', { name: 'OK' }).click();
    await workbench.waitForNotification(/Ollama was added; 1 of its models enabled/);
    await waitForSettingOnDisk(page, ctx.profile.settingsPath, 'openrouterDual.enabledModels', [...enabledBefore, `@ollama/${LOCAL_MODEL}`]);
    ctx.step('endpoint added, model enabled');
    assert(local.requests.some((r) => r.path === '/v1/models'), 'Adding the endpoint should read its model list.');

    // OpenRouter's free-tier 429 (per minute) closes every OpenRouter free model at once until the
    // reset it names, so the next attempt goes to the local endpoint. (A 429 on each of the three
    // models in turn would spend the three attempts maxRetries 2 allows before the local model's turn.)
    // Whichever OpenRouter model the strategy asks first (earlier scenarios change the strategy and
    // the enabled models), it answers with the free-tier 429.
    const openRouterModels = new Set([...MODELS, ...enabledBefore.filter((m) => !m.startsWith('@'))]);
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    const reset = Date.now() + FREE_TIER_CLOSED_MS;
    try {
      for (const model of openRouterModels) ctx.double.script(model, freeTierLimit('free-models-per-min', { reset }));
      const before = ctx.double.chatRequests.length;
      await ctx.chat.send('@openrouter Who answers?');
      const text = await ctx.chat.waitForAnswer([`Hello from ${LOCAL_MODEL}`]);
      ctx.step('answered by the local endpoint');
      const limited = ctx.double.chatRequests.slice(before).find((r) => r.model !== undefined && openRouterModels.has(r.model));
      assert(limited, `OpenRouter should have been asked first; it saw ${JSON.stringify(ctx.double.chatRequests.slice(before).map((r) => r.model))}.`);
      assert(limited.at < reset - 5_000, `The request reached OpenRouter ${((limited.at - reset + FREE_TIER_CLOSED_MS) / 1000).toFixed(1)} s after the 429 was scripted, too close to its reset for the check to mean anything.`);
      assert(text.includes(`${LOCAL_MODEL} (Ollama)`), `The footer should name the local endpoint's model with its label: ${text}`);
      assert(!text.includes(`@ollama/${LOCAL_MODEL}`), `The footer should not show the qualified id: ${text}`);
      assert(/429|rate[- ]?limit/i.test(text), `The footer should say why OpenRouter's models were passed over: ${text}`);
      assert(local.chatRequests().some((r) => r.model === LOCAL_MODEL), 'The local server should have received the request with its own model id.');

      // The settings page lists the endpoint as answering, without a key; removing it there takes its
      // model out of the enabled ones too, so what follows sees OpenRouter alone.
      await workbench.runCommand('OpenRouter: Open Settings');
      const frame = await findSettingsFrame(page);
      const endpoint = frame.locator('li[data-endpoint="ollama"]');
      await endpoint.locator('.endpoint-status[data-answering="yes"][data-key="false"]').waitFor({ state: 'visible', timeout: 15_000 });
      ctx.step('settings page lists the endpoint as answering');
      await endpoint.getByRole('button', { name: 'Remove', exact: true }).click();
      await endpoint.getByRole('button', { name: 'Remove endpoint' }).click();
      await waitForSettingOnDisk(page, ctx.profile.settingsPath, 'openrouterDual.endpoints', []);
      await waitForSettingOnDisk(page, ctx.profile.settingsPath, 'openrouterDual.enabledModels', enabledBefore);
      await endpoint.waitFor({ state: 'detached', timeout: 10_000 });
      ctx.step('endpoint removed from the settings page');
    } finally {
      // No scripted 429 left over, and OpenRouter's free models open again (they stay closed until
      // the reset the 429 named) for the scenarios that follow, also after a failure.
      for (const model of openRouterModels) ctx.double.unscript(model);
      await waitUntil(page, reset + 500, "OpenRouter's free tier to reopen at the reset its 429 named");
    }
  },
};
