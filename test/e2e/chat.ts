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
    // Toasts sit over the chat input in the bottom-right corner and would swallow the clicks.
    await this.workbench.clearNotifications();
    if (!(await this.input.isVisible())) await this.workbench.runCommand('Chat: Open Chat');
    // A window that has just opened (a second tab, a restart on a busy machine) can take a while to show it.
    await this.input.waitFor({ state: 'visible', timeout: LONG }).catch(() => {
      throw new Error('The chat input did not appear within 45 s of opening the chat view.');
    });
    const newChat = this.page.locator('.part a.action-label[aria-label^="New Chat"]:visible').first();
    if ((await this.responses.count()) > 0) {
      await newChat.click({ timeout: SHORT }).catch(() => {
        throw new Error('The chat view shows no "New Chat" button to click.');
      });
      await this.responses.first().waitFor({ state: 'detached', timeout: LONG }).catch(() => {
        throw new Error('"New Chat" did not clear the previous answers within 45 s.');
      });
    }
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

  /**
   * Types `typed` (so `@openrouter` is recognised), pastes `pasted` after it from the clipboard, as a
   * user pastes a long log, and sends. Typing a long text at a key per 5 ms would take minutes.
   */
  async sendWithPaste(typed: string, pasted: string): Promise<void> {
    await this.input.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(typed, { delay: 5 });
    const suggest = this.page.locator('.interactive-input-part .suggest-widget.visible');
    if (await suggest.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.evaluate((text) => navigator.clipboard.writeText(text), pasted);
    await this.page.keyboard.press('Control+V');
    // VS Code 1.139 turns a long paste into an attachment ("Pasted text #1") and a short one into
    // text: send only once either shows, or Enter would go out with the typed part alone.
    const lastLine = pasted.trim().split('\n').at(-1)?.slice(-40) ?? '';
    await this.page
      .waitForFunction(
        (tail) => {
          const part = document.querySelector('.interactive-input-part')?.textContent ?? '';
          return /Pasted text/.test(part) || (tail !== '' && part.includes(tail));
        },
        lastLine,
        { timeout: SHORT, polling: 100 },
      )
      .catch(() => {
        throw new Error(`Pasting ${pasted.length} characters into the chat input showed neither a "Pasted text" attachment nor the text within 10 s.`);
      });
    await this.page.keyboard.press('Enter');
    await this.responses.first().waitFor({ state: 'attached', timeout: SHORT }).catch(() => {
      throw new Error(`Sending "${typed}" with a pasted text of ${pasted.length} characters did not start a chat response.`);
    });
  }

  /**
   * Waits until the last response contains every expected piece of text and has finished. Fails as
   * soon as the response has finished without them (it will not change any more).
   */
  async waitForAnswer(expected: (string | RegExp)[], timeout = LONG): Promise<string> {
    const deadline = Date.now() + timeout;
    let text = '';
    let changedAt = Date.now();
    let finishedSince: number | undefined;
    while (Date.now() < deadline) {
      const now = await this.lastResponseText();
      if (now !== text) {
        text = now;
        changedAt = Date.now();
      }
      const missing = expected.filter((e) => !matches(text, e));
      const running = await this.isRunning();
      // VS Code reveals an answer word by word after it has arrived: wait until the text settles.
      const settled = Date.now() - changedAt >= 800;
      if (missing.length === 0 && !running && settled) return text;
      if (running || text === '') finishedSince = undefined;
      else finishedSince ??= Date.now();
      // Finished without the expected text: give the renderer a moment, then stop waiting.
      if (missing.length > 0 && finishedSince !== undefined && Date.now() - finishedSince > 3_000 && settled) break;
      await this.page.waitForTimeout(200);
    }
    const missing = expected.filter((e) => !matches(text, e)).map(String);
    const folded = await this.foldedText();
    throw new Error(
      `The chat answer ${missing.length ? `lacks ${JSON.stringify(missing)}` : 'did not finish'}. It shows: ${JSON.stringify(text.slice(0, 600))}` +
        (folded ? `; folded away (collapsed "Completed N steps", not visible): ${JSON.stringify(folded.slice(0, 600))}` : ''),
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

  /** The model picker in the chat input; its label is the selected model's name. */
  get modelPicker(): Locator {
    return this.page.locator('.interactive-input-part .model-picker-name').first();
  }

  private get pickerRows(): Locator {
    return this.page.locator('.action-widget .monaco-list-row.action');
  }

  /**
   * Opens the model picker, unfolds "Other Models", and returns the labels of every model offered
   * once they satisfy `ready` (by default: "OpenRouter Auto" is among them). VS Code builds the
   * picker's list when it opens: opened while the window is still resolving the models (label
   * "Activating...", or an empty list under the "Search models" box), it stays empty. So this waits
   * for the label to name a model, and reopens the picker (as a user would) until the list is
   * ready or `timeout` passes; then it returns what the picker offers, for the caller's assertion.
   */
  async openModelPicker(ready: (labels: string[]) => boolean = offersAuto, timeout = LONG): Promise<string[]> {
    try {
      await this.modelPicker.waitFor({ state: 'visible', timeout: SHORT });
    } catch {
      throw new Error('The chat input shows no model picker.');
    }
    const deadline = Date.now() + timeout;
    // "Activating..." and "No models available" are VS Code's labels while the models are unresolved.
    await this.page
      .waitForFunction(
        () => {
          const label = document.querySelector('.interactive-input-part .model-picker-name')?.textContent?.trim() ?? '';
          return label !== '' && !/^(Activating\.\.\.|No models available|Models)$/.test(label);
        },
        undefined,
        { timeout: Math.max(1, deadline - Date.now()), polling: 100 },
      )
      .catch(() => undefined);
    for (;;) {
      const labels = await this.readOpenPicker(Math.min(SHORT, Math.max(1_000, deadline - Date.now())), ready);
      if (ready(labels) || Date.now() >= deadline) return labels;
      await this.page.keyboard.press('Escape');
      await this.pickerRows.first().waitFor({ state: 'hidden', timeout: SHORT }).catch(() => undefined);
    }
  }

  /** Opens the picker, unfolds "Other Models", and waits up to `timeout` until the rows satisfy `ready`. */
  private async readOpenPicker(timeout: number, ready: (labels: string[]) => boolean): Promise<string[]> {
    if (!(await this.pickerRows.first().isVisible())) await this.modelPicker.click();
    const rowLabels = (): Promise<string[]> =>
      this.pickerRows.evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? r.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const deadline = Date.now() + timeout;
    let labels: string[] = [];
    let unfolded = false;
    while (Date.now() < deadline) {
      // The "Other Models" section starts folded; a click on its header unfolds it (a second would fold it).
      const others = this.pickerRows.filter({ hasText: /^\s*Other Models\s*$/ }).first();
      if (!unfolded && (await others.count()) > 0) {
        unfolded = true;
        if ((await others.getAttribute('aria-expanded')) !== 'true') await others.click().catch(() => undefined);
      }
      labels = await rowLabels();
      if (ready(labels.filter((l) => l !== 'Other Models'))) break;
      await this.page.waitForTimeout(200);
    }
    return labels.filter((l) => l !== '' && l !== 'Other Models');
  }

  /** Picks a model in the open picker by the start of its label. */
  async pickModel(label: string): Promise<void> {
    const row = this.pickerRows.filter({ hasText: label }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: SHORT });
    } catch {
      throw new Error(`The model picker has no entry "${label}".`);
    }
    await row.click();
    await this.pickerRows.first().waitFor({ state: 'hidden', timeout: SHORT });
  }

  async selectedModelLabel(): Promise<string> {
    return (await this.modelPicker.innerText()).trim();
  }

  /** Text VS Code folded into the last response's collapsed "Completed N steps" disclosure. */
  async foldedText(): Promise<string> {
    const count = await this.responses.count();
    if (count === 0) return '';
    const details = this.responses.nth(count - 1).locator('details.completed-response-disclosure .chat-markdown-part');
    const texts = await details.evaluateAll((parts) => parts.map((p) => p.textContent ?? ''));
    return texts.join(' ').replace(/\s+/g, ' ').trim();
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

function offersAuto(labels: string[]): boolean {
  return labels.some((l) => /OpenRouter Auto/.test(l));
}

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}
