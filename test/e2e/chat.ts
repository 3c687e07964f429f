// The chat view as a user meets it: open it, type a prompt, read the answer, pick a model, stop.
import type { Locator, Page } from 'playwright-core';
import { LONG, SHORT, type Workbench } from './workbench';

export class Chat {
  constructor(
    readonly page: Page,
    private readonly workbench: Workbench,
  ) {}

  get input(): Locator {
    return this.page.locator('.interactive-input-part .interactive-input-editor').first();
  }

  get responses(): Locator {
    return this.page.locator('.interactive-session .interactive-item-container.interactive-response');
  }

  get stopButton(): Locator {
    return this.page
      .locator('.interactive-input-part')
      .locator('[aria-label*="Cancel"], .codicon-stop-circle, [aria-label*="Stop"]')
      .first();
  }

  /** Opens the chat view with an empty session, so the next answer is the only one shown. */
  async newSession(): Promise<void> {
    await this.workbench.closeQuickInput();
    if (!(await this.input.isVisible())) await this.workbench.runCommand('Chat: Open Chat');
    await this.input.waitFor({ state: 'visible', timeout: SHORT });
    await this.workbench.runCommand('Chat: New Chat');
    await this.page.locator('.interactive-session .interactive-item-container').first().waitFor({ state: 'detached', timeout: SHORT }).catch(() => undefined);
    await this.input.waitFor({ state: 'visible', timeout: SHORT });
  }

  /** Types a prompt the way a user does (so `@openrouter` and `/group` are recognised) and sends it. */
  async send(prompt: string): Promise<void> {
    await this.input.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(prompt, { delay: 5 });
    // The completion list for `@…` and `/…` may be open; Escape closes it without clearing the text.
    const suggest = this.page.locator('.interactive-input-part .suggest-widget.visible');
    if (await suggest.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Enter');
    await this.responses.first().waitFor({ state: 'attached', timeout: SHORT }).catch(() => {
      throw new Error(`Sending "${prompt}" did not start a chat response.`);
    });
  }

  /** Waits until the last response contains every expected piece of text and has finished. */
  async waitForAnswer(expected: (string | RegExp)[], timeout = LONG): Promise<string> {
    const deadline = Date.now() + timeout;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.lastResponseText();
      const missing = expected.filter((e) => !matches(text, e));
      if (missing.length === 0 && !(await this.isRunning())) return text;
      if (/Language model unavailable/i.test(text)) break;
      await this.page.waitForTimeout(250);
    }
    const missing = expected.filter((e) => !matches(text, e)).map(String);
    throw new Error(
      `The chat answer ${missing.length ? `lacks ${JSON.stringify(missing)}` : 'did not finish'} after ${timeout / 1000} s. It shows: ${JSON.stringify(text.slice(0, 600))}`,
    );
  }

  /** Waits until the last response shows `text` (while it may still be streaming). */
  async waitForText(text: string, timeout = LONG): Promise<void> {
    const deadline = Date.now() + timeout;
    let shown = '';
    while (Date.now() < deadline) {
      shown = await this.lastResponseText();
      if (shown.includes(text)) return;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`The chat never showed "${text}" within ${timeout / 1000} s. It shows: ${JSON.stringify(shown.slice(0, 600))}`);
  }

  /** The model picker in the chat input. */
  get modelPicker(): Locator {
    return this.page
      .locator('.interactive-input-part')
      .locator('.chat-model-picker-item, .chat-modelPicker-item, [aria-label*="Pick Model"], [aria-label*="Language Model"]')
      .first();
  }

  /** Opens the model picker and returns the labels it offers. */
  async openModelPicker(): Promise<string[]> {
    try {
      await this.modelPicker.waitFor({ state: 'visible', timeout: SHORT });
    } catch {
      throw new Error('The chat input shows no model picker.');
    }
    await this.modelPicker.click();
    const rows = this.pickerRows;
    await rows.first().waitFor({ state: 'visible', timeout: SHORT });
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  private get pickerRows(): Locator {
    return this.page.locator('.action-widget .monaco-list-row, .quick-input-widget .monaco-list-row');
  }

  async pickModel(label: string): Promise<void> {
    const row = this.pickerRows.filter({ hasText: label }).first();
    await row.click();
    await row.waitFor({ state: 'hidden', timeout: SHORT });
  }

  async selectedModelLabel(): Promise<string> {
    return ((await this.modelPicker.innerText()) || (await this.modelPicker.getAttribute('aria-label')) || '').trim();
  }

  async lastResponseText(): Promise<string> {
    const count = await this.responses.count();
    if (count === 0) return '';
    return (await this.responses.nth(count - 1).innerText()).replace(/[ \t]+/g, ' ').trim();
  }

  async isRunning(): Promise<boolean> {
    return this.stopButton.isVisible();
  }
}

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}
