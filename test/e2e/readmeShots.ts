// The README's pictures of the chat, taken in the e2e run when OPENROUTER_DUAL_README_SHOTS names a
// folder (`npm run screenshots` does): after scenario 2 the answer with its footer, then the model
// picker opened over it, showing "OpenRouter Auto" and the models. Cropped to the chat panel (and the
// picker's popup), so the files stay small. A failed shot is reported, never fails the scenario.
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { E2EContext, Scenario } from './context';
import { SHORT } from './workbench';

export async function takeReadmeShots(ctx: E2EContext, scenario: Scenario): Promise<void> {
  const dir = process.env.OPENROUTER_DUAL_README_SHOTS;
  if (!dir) return;
  try {
    if (scenario.id !== 2) return;
    await shootChat(ctx, join(dir, 'chat.png'));
    await shootModelPicker(ctx, join(dir, 'model-picker.png'));
  } catch (err) {
    console.error(`e2e: README screenshot after scenario ${scenario.id} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function chatPanel(ctx: E2EContext): Locator {
  return ctx.page.locator('.part:has(.interactive-session)').first();
}

async function shootChat(ctx: E2EContext, path: string): Promise<void> {
  await ctx.page.locator('.notification-toast').first().waitFor({ state: 'hidden', timeout: SHORT }).catch(() => undefined);
  await chatPanel(ctx).screenshot({ path });
  console.log(`e2e: wrote ${path}`);
}

async function shootModelPicker(ctx: E2EContext, path: string): Promise<void> {
  await ctx.chat.openModelPicker();
  const popup = ctx.page.locator('.action-widget').first();
  await popup.waitFor({ state: 'visible', timeout: SHORT });
  const [panel, menu] = await Promise.all([chatPanel(ctx).boundingBox(), popup.boundingBox()]);
  if (!panel || !menu) throw new Error('the chat panel or the picker has no box');
  const x = Math.min(panel.x, menu.x);
  const y = Math.min(panel.y, menu.y);
  const right = Math.max(panel.x + panel.width, menu.x + menu.width);
  const bottom = Math.max(panel.y + panel.height, menu.y + menu.height);
  await ctx.page.screenshot({ path, clip: { x, y, width: right - x, height: bottom - y } });
  console.log(`e2e: wrote ${path}`);
  await ctx.page.keyboard.press('Escape');
  await popup.waitFor({ state: 'hidden', timeout: SHORT }).catch(() => undefined);
}
