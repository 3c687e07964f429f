// 9. VS Code's walkthrough "Get Started with OpenRouter Dual" ticks nothing on its own: right after
//    the first request (which only got the set-a-key notice), every step is open.
// 10. After the user has done each thing (key set, connection tested, a question answered through
//    "OpenRouter Auto", the settings page opened), each step is ticked in the real workbench.
import type { Locator } from 'playwright-core';
import { GOOD_KEY, MODELS, assert, type E2EContext, type Scenario } from '../context';
import { findSettingsFrame } from '../settingsPage';
import { SHORT } from '../workbench';
import { ensureGoodKey } from './apiKey';
import { ensureAutoPicked } from './modelPicker';

const TITLE = 'Get Started with OpenRouter Dual';
/** The step ids of package.json's walkthrough, in order. */
const STEPS = ['apiKey', 'testConnection', 'askParticipant', 'pickAuto', 'openSettings'] as const;

/** Opens the walkthrough through the palette, as a user would, and returns whether each step is ticked. */
async function walkthroughState(ctx: E2EContext): Promise<Record<(typeof STEPS)[number], boolean>> {
  await ctx.workbench.runCommand('Welcome: Open Walkthrough...');
  const row = ctx.workbench.quickInput.locator('.monaco-list-row', { hasText: TITLE }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: SHORT });
  } catch {
    const offered = await ctx.workbench.quickInput.locator('.monaco-list-row').allInnerTexts();
    throw new Error(`"Open Walkthrough..." does not offer "${TITLE}"; it offers: ${JSON.stringify(offered)}`);
  }
  await row.click();
  // Extension step ids are "<extension id>#<walkthrough id>#<step id>".
  const step = (id: string): Locator => ctx.page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
  await step(STEPS[0]).waitFor({ state: 'attached', timeout: SHORT });
  const state = {} as Record<(typeof STEPS)[number], boolean>;
  for (const id of STEPS) {
    if ((await step(id).count()) === 0) throw new Error(`The walkthrough has no step "${id}".`);
    state[id] = (await step(id).getAttribute('aria-checked')) === 'true';
  }
  return state;
}

/** The walkthrough updates a step when its context key changes: wait for a tick rather than read once. */
async function waitForAllTicked(ctx: E2EContext, timeout = 15_000): Promise<Record<string, boolean>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await walkthroughState(ctx);
    if (STEPS.every((id) => state[id]) || Date.now() > deadline) return state;
    await ctx.page.keyboard.press('Escape');
    await ctx.page.waitForTimeout(500);
  }
}

export const walkthroughUntickedScenario: Scenario = {
  id: 9,
  title: 'The walkthrough ticks no step before the user has done it',
  async run(ctx) {
    assert(!ctx.state.goodKeySet, 'Scenario 9 must run before a key is set.');
    const state = await walkthroughState(ctx);
    const ticked = STEPS.filter((id) => state[id]);
    assert(ticked.length === 0, `Steps ticked before the user did them: ${JSON.stringify(ticked)}`);
  },
};

export const walkthroughTickedScenario: Scenario = {
  id: 10,
  title: 'The walkthrough ticks each step once the user has done it',
  async run(ctx) {
    // Run on its own (`--only 10`) it does each thing itself; after the other scenarios they are done.
    await ensureGoodKey(ctx);
    await ctx.workbench.clearNotifications();
    await ctx.workbench.runCommand('OpenRouter: Test Connection');
    await ctx.workbench.waitForNotification(/connection (works|succeeded|is working)|connected/i);
    ctx.step('connection tested');
    for (const model of MODELS) ctx.double.script(model, { kind: 'stream', text: ['Walkthrough answer.'] });
    await ctx.chat.newSession();
    await ensureAutoPicked(ctx);
    await ctx.chat.send('@openrouter One question for the walkthrough.');
    await ctx.chat.waitForAnswer(['Walkthrough answer.']);
    ctx.step('answered through Auto');
    await ctx.workbench.runCommand('OpenRouter: Open Settings');
    await findSettingsFrame(ctx.page);
    ctx.step('settings page open');
    const state = await waitForAllTicked(ctx);
    const open = STEPS.filter((id) => !state[id]);
    assert(open.length === 0, `Steps not ticked after the user did them: ${JSON.stringify(open)}`);
    assert(!(await ctx.page.locator('.getting-started-step').allInnerTexts()).join(' ').includes(GOOD_KEY), 'The walkthrough shows the key.');
  },
};
