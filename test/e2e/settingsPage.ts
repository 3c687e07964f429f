// The extension's settings page: a webview, i.e. an iframe (`webview`) holding another iframe
// (`active-frame`) with the page itself. Found through page.frames().
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../scripts/lib/codeServer';

/** Waits for the settings page's inner frame to show the page (its radio cards rendered). */
export async function findSettingsFrame(page: Page, timeout = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (!parent || !parent.url().includes(`extensionId=${EXTENSION_ID}`)) continue;
      const ready = await frame
        .locator('input[type="radio"][data-setting]')
        .first()
        .isVisible()
        .catch(() => false);
      if (ready) return frame;
    }
    await page.waitForTimeout(250);
  }
  const urls = page.frames().map((f) => f.url().slice(0, 120));
  throw new Error(`The settings page did not appear within ${timeout / 1000} s (no webview frame of ${EXTENSION_ID} with settings controls). Frames: ${JSON.stringify(urls)}`);
}

/** Clicks the card of one option of a radio-card setting, as a user would. */
export async function chooseCard(frame: Frame, setting: string, value: string): Promise<void> {
  const card = frame.locator(`label.card:has(input[type="radio"][data-setting="${setting}"][value="${value}"])`);
  try {
    await card.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    throw new Error(`The settings page has no card for ${setting} = ${value}.`);
  }
  await card.locator('.card-title').click();
}

/**
 * Polls settings.json on disk until `key` has `value`, or a value `value` accepts when it is a
 * function (the workbench writes it asynchronously).
 */
export async function waitForSettingOnDisk(page: Page, path: string, key: string, value: unknown | ((seen: unknown) => boolean), timeout = 10_000): Promise<void> {
  const accepts = typeof value === 'function' ? (value as (seen: unknown) => boolean) : (seen: unknown) => JSON.stringify(seen) === JSON.stringify(value);
  const deadline = Date.now() + timeout;
  let seen: unknown;
  while (Date.now() < deadline) {
    try {
      seen = (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)[key];
      if (accepts(seen)) return;
    } catch {
      // Mid-write: read again.
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`${path} still has ${key} = ${JSON.stringify(seen)} after ${timeout / 1000} s; expected ${JSON.stringify(value)}.`);
}
