// Drives the VS Code workbench (code-server) in Chromium as a user would: command palette, quick
// inputs, notifications, the chat view. Selectors are the ones VS Code 1.139 renders.
import type { Locator, Page } from 'playwright-core';

export const SHORT = 10_000;
export const LONG = 45_000;

export class Workbench {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The status bar is drawn once the window has restored its parts.
    await this.page.locator('.statusbar').waitFor({ timeout: 90_000 });
  }

  /**
   * Waits until the extension's contributions (commands, chat participant) are registered, as a user
   * who waits for the window to finish loading would. Listing a command in the palette does not
   * activate the extension.
   */
  async waitForContributions(timeout = 90_000): Promise<void> {
    await this.runCommand('OpenRouter: Set API Key', timeout, { run: false });
  }

  /**
   * Waits (up to `timeout`) for the extension's status bar item, the sign a user sees that the
   * window has finished loading it. Returns whether it appeared; callers go on either way, so a
   * missing activation shows up as the failure the user would meet next.
   */
  async waitForStatusItem(timeout = 30_000): Promise<boolean> {
    return this.page
      .locator('.statusbar-item', { hasText: 'OpenRouter' })
      .first()
      .waitFor({ state: 'visible', timeout })
      .then(
        () => true,
        () => false,
      );
  }

  /** Reloads the page: code-server starts a fresh workbench window with a new extension host. */
  async restartWindow(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
    await this.waitForContributions();
    await this.waitForStatusItem();
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a command by its palette title ("Category: Title"), failing clearly when it is not offered.
   * Right after start the extension's contributions may not be registered yet, so the query is
   * retyped until the command shows up (or `timeout` passes).
   */
  async runCommand(title: string, timeout = 30_000, opts: { run: boolean } = { run: true }): Promise<void> {
    await this.closeQuickInput();
    const input = this.quickInput.locator('input.input');
    const row = this.quickInput
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: title }) })
      .first();
    const deadline = Date.now() + timeout;
    // Each round opens the palette if it is not open, types the query and waits for the row. Right
    // after a reload on a busy machine the palette can close or be redrawn under the typing (a
    // fill once waited its whole 30 s on a detached box): such a round fails fast and the next
    // one starts over, until the deadline.
    for (;;) {
      try {
        if (!(await input.isVisible())) {
          await this.page.keyboard.press('F1');
          await input.waitFor({ state: 'visible', timeout: SHORT });
        }
        await input.fill(`>${title}`, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        break;
      } catch {
        if (Date.now() > deadline) {
          const offered = await this.quickInput.locator('.monaco-list-row .label-name').allInnerTexts().catch(() => []);
          await this.closeQuickInput().catch(() => undefined);
          throw new Error(`The command palette does not offer "${title}" (waited ${timeout / 1000} s). It offered: ${JSON.stringify(offered.slice(0, 10))}`);
        }
        await input.fill('>', { timeout: 5_000 }).catch(() => undefined);
      }
    }
    if (opts.run) await row.click();
    else await this.closeQuickInput();
  }

  /**
   * Picks an item of the open quick pick by typing its label into the filter and pressing Enter.
   * Clicking the row instead once waited 30 s for it to be "stable" while the pick that replaced the
   * command palette was still being drawn on a busy machine.
   */
  async pickQuickItem(label: string, timeout = 30_000): Promise<void> {
    const input = this.quickInput.locator('input.input');
    const row = this.quickInput.locator('.monaco-list-row', { hasText: label }).first();
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        await input.waitFor({ state: 'visible', timeout: SHORT });
        await input.fill(label, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 2_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) {
          const offered = await this.quickInput.locator('.monaco-list-row').allInnerTexts().catch(() => []);
          throw new Error(`The quick pick does not offer "${label}" (waited ${timeout / 1000} s; ${String(e).split('\n')[0]}). It offered: ${JSON.stringify(offered.slice(0, 10))}`, { cause: e });
        }
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Runs a palette command that opens a quick pick and picks `label` in it. Once more if the pick
   * closed before the label could be chosen: right after a window restart the workbench restores
   * its editors (a webview panel takes focus), and a quick pick closes when it loses focus.
   */
  async pickFromCommand(title: string, label: string): Promise<void> {
    try {
      await this.runCommand(title);
      await this.pickQuickItem(label);
    } catch (first) {
      if (await this.quickInput.locator('input.input').isVisible()) throw first;
      await this.runCommand(title);
      await this.pickQuickItem(label);
    }
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: SHORT }).catch(() => {
        throw new Error('The quick input stayed open after Escape.');
      });
    }
  }

  /**
   * Types into the open quick input (input box or password box) and accepts it. With `title`, waits
   * for the box that shows it first: the widget and its input stay on screen from one box to the
   * next, so without it a second answer can go into the box just accepted, and the next box is left
   * waiting (seen in scenario 15).
   */
  async answerInputBox(text: string, expectPassword = false, title?: string): Promise<void> {
    const input = this.quickInput.locator(expectPassword ? 'input[type="password"]' : 'input.input');
    try {
      if (title) await this.quickInput.filter({ hasText: title }).waitFor({ state: 'visible', timeout: LONG });
      await input.waitFor({ state: 'visible', timeout: SHORT });
    } catch {
      throw new Error(`Expected ${expectPassword ? 'a password box' : 'an input box'} after the command; none appeared.`);
    }
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Waits for a notification toast whose text matches, and returns its full text. */
  async waitForNotification(pattern: RegExp, timeout = LONG): Promise<string> {
    const toast = this.page.locator('.notification-toast').filter({ hasText: pattern }).last();
    try {
      await toast.waitFor({ state: 'visible', timeout });
    } catch {
      const shown = await this.notificationTexts();
      throw new Error(`No notification matching ${pattern} within ${timeout} ms. Notifications shown: ${JSON.stringify(shown)}`);
    }
    return (await toast.innerText()).replace(/\s+/g, ' ').trim();
  }

  async notificationTexts(): Promise<string[]> {
    const texts = await this.page.locator('.notification-toast, .notifications-center .notification-list-item').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notification-toast').first().waitFor({ state: 'hidden', timeout: SHORT }).catch(() => undefined);
  }

  /** After a failed scenario: close whatever input or dialog is left open. */
  async recover(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.closeQuickInput();
  }
}
