// Every channel a user or the page can read passes the redactor, with the key in each form a
// server or proxy might echo it: the chat and the model picker's errors, notifications, log lines
// (src/host/status/log.ts) and every message the settings page receives (the host session).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RedactingLog } from '../../src/host/status/log';
import { notify, redactNotificationsWith } from '../../src/host/status/notify';
import { SettingsHostSession } from '../../src/protocol/hostSession';
import type { ConnectionStep, HostMessage } from '../../src/protocol/pageMessages';
import type { BackendResult } from '../../src/protocol/settingsBackend';
import { FakeSettingsBackend } from '../webview/fakeBackend';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

/** A key of the shape a proxy might accept: nothing but the literal value identifies it. */
const KEY = 'corp-proxy-token-9f8e7d6c5b4a';
const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const FORMS: Record<string, string> = {
  'URL-encoded': [...KEY].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
  'JSON-escaped': KEY.replace(/-/g, '\\u002d'),
  Basic: `Basic ${b64(`:${KEY}`)}`,
  'Basic user:key': `Basic ${b64(`proxyuser:${KEY}`)}`,
  'line-split': `${KEY.slice(0, 12)}\n${KEY.slice(12)}`,
};

/** Pieces that would give the key away in any of the forms. */
const PIECES = [KEY.slice(-12), FORMS['URL-encoded'].slice(-24), b64(`:${KEY}`).slice(4, 28), b64(`proxyuser:${KEY}`).slice(8, 32), KEY.slice(12, 24)];

function assertClean(text: string, channel: string): void {
  for (const piece of PIECES) assert.ok(!text.includes(piece), `${channel} shows "${piece}":\n${text}`);
}

describe('redaction on every channel', function () {
  this.timeout(30_000);

  describe('through activate() and the double', () => {
    let double: OpenRouterDouble;
    let storage: string;
    let context: ReturnType<typeof vscode.createContext>;
    const savedEnvKey = process.env.OPENROUTER_API_KEY;

    before(async () => {

      double = await startDoubleWithoutEnvKey();

    });
    beforeEach(async () => {
      double.reset();
      double.setKeyPolicy(() => true);
      vscode.recorded.reset();
      storage = mkdtempSync(join(tmpdir(), 'host-redact-'));
      vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
      vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B]);
      context = vscode.createContext(storage);
      await ext.activate(context as never);
      await context.secrets.store('openrouterDual.apiKey', KEY);
    });
    afterEach(async () => {
      await tearDownHost(context, storage);
    });
    after(async () => {
      await double.close();
      if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
    });

    const echo = (form: string) => {
      for (const model of [A, B]) double.script(model, { kind: 'http-error', status: 400, message: `Proxy refused credentials ${FORMS[form]}` });
    };

    for (const form of Object.keys(FORMS)) {
      it(`chat error and log lines: ${form}`, async () => {
        echo(form);
        const parts: string[] = [];
        const stream = {
          markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value),
          progress: (v: string) => parts.push(v),
          button: () => undefined,
        };
        const request = { prompt: 'hi', command: undefined, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
        await vscode.recorded.participants.get('openrouter-dual.openrouter')!.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
        assert.ok(parts.some((p) => p.includes('Proxy refused')), parts.join(''));
        assertClean(parts.join('\n').replace(/\\(.)/g, '$1'), 'the chat');
        assertClean(vscode.recorded.logLines.join('\n'), 'the log');
      });

      it(`model picker error: ${form}`, async () => {
        echo(form);
        const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
        const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
        const error = await Promise.resolve(
          provider.provideLanguageModelChatResponse({ id: A }, messages, {}, { report: () => undefined }, new vscode.CancellationTokenSource().token),
        ).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        assert.ok(error, 'the picker request fails');
        assert.match(error.message, /Proxy refused/);
        assertClean(error.message, 'the picker error');
        assertClean(vscode.recorded.logLines.join('\n'), 'the log');
      });

      it(`notification (connection test): ${form}`, async () => {
        echo(form);
        await vscode.commands.executeCommand('openrouterDual.testConnection');
        const shown = vscode.recorded.messages.map((m) => m.text).join('\n');
        assert.match(shown, /Proxy refused/);
        assertClean(shown, 'the notification');
      });
    }
  });

  describe('log lines (src/host/status/log.ts)', () => {
    for (const [form, text] of Object.entries(FORMS)) {
      it(form, () => {
        vscode.recorded.reset();
        const log = new RedactingLog(() => [KEY]);
        log.error(`request failed: ${text}`);
        log.dispose();
        assertClean(vscode.recorded.logLines.join('\n'), 'the log');
        assert.match(vscode.recorded.logLines[0], /\[redacted\]/);
      });
    }
  });

  describe('notifications (src/host/status/notify.ts)', () => {
    for (const [form, text] of Object.entries(FORMS)) {
      it(form, async () => {
        vscode.recorded.reset();
        const registration = redactNotificationsWith(() => [KEY]);
        try {
          await notify.error(`failed: ${text}`, 'Show Log');
          await notify.warn(`odd: ${text}`);
          await notify.info(`note: ${text}`);
        } finally {
          registration.dispose();
        }
        assert.equal(vscode.recorded.messages.length, 3);
        assert.deepEqual(vscode.recorded.messages[0].items, ['Show Log']);
        assertClean(vscode.recorded.messages.map((m) => m.text).join('\n'), 'a notification');
      });
    }
  });

  describe('settings page messages (the host session)', () => {
    class EchoingBackend extends FakeSettingsBackend {
      echo = '';
      override async refreshModels(): Promise<BackendResult> {
        return { ok: false, message: `The proxy said: ${this.echo}` };
      }
      override async testConnection(report: (step: ConnectionStep) => void): Promise<void> {
        report({ id: 'key', label: 'API key', ok: false, message: `Rejected ${this.echo}`, latencyMs: 1 });
      }
      knownSecrets(): string[] {
        return this.secret ? [this.secret] : [];
      }
      override async resetStats(): Promise<BackendResult> {
        throw new Error(`storage failed near ${this.echo}`);
      }
    }

    for (const [form, text] of Object.entries(FORMS)) {
      it(form, async () => {
        const backend = new EchoingBackend({ leakKeyInSnapshot: true });
        backend.echo = text;
        backend.secret = KEY;
        const posted: HostMessage[] = [];
        const session = new SettingsHostSession({ backend, post: (m) => posted.push(m), isVisible: () => true });
        for (const type of ['ready', 'refreshModels', 'testConnection', 'resetStats']) await session.handle({ type });
        await new Promise((r) => setTimeout(r, 20));
        session.dispose();
        const all = JSON.stringify(posted);
        assert.match(all, /The proxy said/);
        assert.match(all, /Rejected/);
        assert.match(all, /storage failed/);
        assertClean(posted.map((m) => JSON.stringify(m)).join('\n').replace(/\\n/g, '\n').replace(/\\\\/g, '\\'), 'the page');
      });
    }
  });
});
