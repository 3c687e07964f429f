// 15. Endpoints: add a local OpenAI-compatible server from the palette (the Ollama preset, pointed at
//     the second double), enable its model, and see a rate-limited OpenRouter request answered by it,
//     with the footer naming it. Afterwards the endpoint is removed from the settings file again, so
//     the scenarios after this one see OpenRouter alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { MODELS, assert, type Scenario } from '../context';
import { freeTierLimit } from '../../fixtures/double';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

const LOCAL_MODEL = 'llama3.2:3b';

export const localEndpointScenario: Scenario = {
  id: 15,
  title: 'A local endpoint added from the palette answers a rate-limited OpenRouter request',
  async run(ctx) {
    await ensureGoodKey(ctx);
    const { workbench, page, local } = ctx;
    await workbench.runCommand('OpenRouter: Add Endpoint…');
    ctx.step('Add Endpoint opened');
    const quick = page.locator('.quick-input-widget');
    await quick.locator('.monaco-list-row', { hasText: 'Ollama' }).first().click();
    await workbench.answerInputBox(local.baseUrl);
    await workbench.answerInputBox('ollama');
    ctx.step('base URL and id entered');
    // The endpoint's models, read from its GET /v1/models: check the one to enable and accept.
    const row = quick.locator('.monaco-list-row', { hasText: LOCAL_MODEL }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    // In a multi-select quick pick a click on the row toggles its checkbox; the count confirms it.
    await row.click();
    await quick.getByText('1 Selected').waitFor({ state: 'visible', timeout: 10_000 });
    await quick.getByRole('button', { name: 'OK' }).click();
    await workbench.waitForNotification(/Ollama was added; 1 of its models enabled/);
    ctx.step('endpoint added, model enabled');
    assert(local.requests.some((r) => r.path === '/v1/models'), 'Adding the endpoint should read its model list.');

    // OpenRouter's free-tier 429 (per minute) closes every OpenRouter free model at once, so the next
    // attempt goes to the local endpoint. (A 429 on each of the three models in turn would spend the
    // three attempts maxRetries 2 allows before the local model's turn: the first run of this
    // scenario showed exactly that.) A short reset, so the scenarios after this one find it open.
    // Whichever OpenRouter model the strategy asks first (earlier scenarios change the strategy and
    // the enabled models), it answers with the free-tier 429.
    const reset = Date.now() + 5_000;
    const enabled = (JSON.parse(readFileSync(ctx.profile.settingsPath, 'utf8')) as Record<string, unknown>)['openrouterDual.enabledModels'];
    const openRouterModels = new Set([...MODELS, ...(Array.isArray(enabled) ? enabled.filter((m): m is string => typeof m === 'string' && !m.startsWith('@')) : [])]);
    for (const model of openRouterModels) ctx.double.script(model, freeTierLimit('free-models-per-min', { reset }));
    try {
      await ctx.chat.newSession();
      await ensureAutoPicked(ctx);
      await ctx.chat.send('@openrouter Who answers?');
      const text = await ctx.chat.waitForAnswer([`Hello from ${LOCAL_MODEL}`]);
      assert(text.includes(`@ollama/${LOCAL_MODEL}`), `The footer should name the local endpoint's model: ${text}`);
      assert(/429|rate[- ]?limit/i.test(text), `The footer should say why OpenRouter's models were passed over: ${text}`);
      assert(local.chatRequests().some((r) => r.model === LOCAL_MODEL), 'The local server should have received the request with its own model id.');
    } finally {
      // Leave OpenRouter alone for the scenarios that follow (also after a failure), its free tier
      // open again and no scripted 429 left over.
      for (const model of openRouterModels) ctx.double.unscript(model);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, reset - Date.now() + 500)));
      const settings = JSON.parse(readFileSync(ctx.profile.settingsPath, 'utf8')) as Record<string, unknown>;
      delete settings['openrouterDual.endpoints'];
      settings['openrouterDual.enabledModels'] = [...MODELS];
      writeFileSync(ctx.profile.settingsPath, JSON.stringify(settings, null, 2));
      // A running window does not reliably notice a settings file written behind its back (seen
      // here: 40 s and no change), so the window restarts, as scenario 14 does after its cleanup.
      await ctx.workbench.restartWindow();
      await ctx.chat.newSession();
      await ctx.chat.send('@openrouter /models now');
      const listed = await ctx.chat.waitForAnswer([/qwen/]);
      assert(!listed.includes('Ollama'), 'The endpoint removed from settings.json is still listed by /models after a restart.');
      ctx.step('endpoint removed again');
    }
  },
};
