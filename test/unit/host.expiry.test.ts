// The live list's `expiration_date` (issue 23 §1): an enabled model ending within a few days is
// announced once per model and end date for the whole profile, with free models that do what it
// does as one-click replacements (the one chosen takes its place in `enabledModels`); `/models`
// shows the date. A model ending later, or not enabled, is not announced.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, type OpenRouterModelJson } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RecordingStream } from './chatRecording';
import { startDoubleWithoutEnvKey, until } from './hostLifecycle';
import { removeDir } from './tempDirs';

const ENDING = 'qwen/qwen3-8b:free';
const LATER = 'qwen/qwen3-30b-a3b:free';
const NOT_ENABLED = 'qwen/qwq-32b:free';
const KEY = 'sk-or-v1-host-expiry-key';
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('host: enabled models about to end (expiration_date)', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let endsOn: string;
  const contexts: ReturnType<typeof vscode.createContext>[] = [];

  before(async () => {
    double = await startDoubleWithoutEnvKey();
  });
  beforeEach(() => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-expiry-'));
    endsOn = day(Date.now() + 2 * DAY_MS);
    const payload = buildModelsPayload() as { data: (OpenRouterModelJson & { expiration_date?: string | null })[] };
    for (const m of payload.data) {
      if (m.id === ENDING) m.expiration_date = endsOn;
      else if (m.id === LATER) m.expiration_date = day(Date.now() + 20 * DAY_MS);
      else if (m.id === NOT_ENABLED) m.expiration_date = day(Date.now() + DAY_MS);
      else m.expiration_date = null;
    }
    double.setModelsPayload(payload);
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [ENDING, LATER]);
  });
  afterEach(async () => {
    await ext.deactivate();
    for (const c of contexts.splice(0)) for (const d of c.subscriptions) d.dispose();
    await removeDir(storage);
  });
  after(() => double.close());

  const openWindow = async () => {
    const context = vscode.createContext(storage);
    contexts.push(context);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await ext.activate(context as never);
  };
  const notices = () => vscode.recorded.messages.filter((m) => m.text.includes('ends on OpenRouter after'));

  it('tells once, a few days before, with free replacements; the one chosen takes its place', async () => {
    await openWindow();
    await until(() => notices().length > 0, 'the notice');
    const [notice] = notices();
    const match = new RegExp(
      `^OpenRouter Dual: qwen/qwen3-8b:free, which you have enabled, ends on OpenRouter after ${endsOn} \\(its expiration date\\)\\. Free replacements: ([^ ]+:free(?:, [^ ]+:free)*)\\.$`,
    ).exec(notice.text);
    assert.ok(match, notice.text);
    const offered = match[1].split(', ');
    assert.ok(offered.length >= 1 && offered.length <= 3);
    assert.ok(!offered.includes(LATER) && !offered.includes(NOT_ENABLED), 'neither an enabled model nor one ending soon itself');
    assert.deepEqual(notice.items, [...offered.map((id) => `Use ${id}`), 'Choose Models']);
    assert.equal(notices().length, 1, 'the model ending later and the one not enabled are not announced');
  });

  it('the button writes the replacement in place; a second window (or a reload) says nothing again', async () => {
    // Which models are offered depends on the ranking; the first window's notice is dismissed.
    await openWindow();
    await until(() => notices().length > 0, 'the notice');
    const first = notices()[0].items[0];
    assert.match(first, /^Use /);
    await openWindow();
    // The second window loads the same list: its check runs and finds the claim taken.
    await until(() => vscode.recorded.logLines.filter((l) => /Models: \d+ added/.test(l)).length >= 2, 'the second window\u2019s list');
    assert.equal(notices().length, 1);

    // The stand-in answers a notification when it is shown: now that the offer is known, a fresh
    // profile shows it again and the user clicks the first replacement.
    await ext.deactivate();
    for (const c of contexts.splice(0)) for (const d of c.subscriptions) d.dispose();
    await removeDir(storage);
    storage = mkdtempSync(join(tmpdir(), 'host-expiry-'));
    vscode.recorded.messages.length = 0;
    vscode.recorded.messageAnswers.push(first);
    await openWindow();
    await until(() => notices().length === 1, 'the notice');
    const replacement = first.slice('Use '.length);
    await until(() => JSON.stringify(vscode.recorded.settings.get('openrouterDual.enabledModels')) === JSON.stringify([replacement, LATER]), 'the replacement written');
  });

  it("the settings page's model list gets the expiration date", async () => {
    await openWindow();
    await until(() => notices().length > 0, 'the list');
    await vscode.commands.executeCommand('openrouterDual.openSettings');
    const panel = vscode.recorded.webviewPanels.at(-1) as unknown as { posted: { type: string; state?: { models: { id: string; expiresOn?: string }[] } }[]; fromPage(m: unknown): Promise<void>; dispose(): void };
    await panel.fromPage({ type: 'ready' });
    const state = panel.posted.filter((m) => m.type === 'state').at(-1)?.state;
    assert.equal(state?.models.find((m) => m.id === ENDING)?.expiresOn, endsOn);
    assert.equal(state?.models.find((m) => m.id === 'qwen/qwen3-235b-a22b:free')?.expiresOn, undefined, 'no date, none shown');
    panel.dispose();
  });

  it('/models shows the expiration date', async () => {
    await openWindow();
    await until(() => notices().length > 0, 'the list');
    const participant = vscode.recorded.participants.get('openrouter-dual.openrouter')!;
    const stream = new RecordingStream();
    const request = { prompt: '', command: 'models', references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    await participant.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    assert.ok(stream.text.includes(`\`qwen/qwen3-8b:free\` ⏳ ends after ${endsOn}`), stream.text.slice(0, 2000));
  });
});
