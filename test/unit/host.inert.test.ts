// A server that answers with markdown links and HTML in its error message and a model id, through
// activate(), the stand-in and the double over real HTTP: the chat parts VS Code would render have
// no link, command or HTML from them, and only parts of our own text may run our commands.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, type OpenRouterModelJson } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { activeMarkdown, HOSTILE_MESSAGE, HOSTILE_MODEL } from './markdownProbe';
import { RecordingStream, type RecordedPart } from './chatRecording';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const KEY = 'sk-or-v1-host-inert';

type Part = RecordedPart;


/** Every rendered part: nothing live from the hostile text; trusted parts run only the commands they name. */
function assertChatInert(parts: readonly Part[]): void {
  for (const p of parts.filter((x) => x.kind !== 'button')) {
    assert.notEqual(p.trusted, true, 'no part trusts every command');
    const enabled = typeof p.trusted === 'object' ? p.trusted.enabledCommands : [];
    const live = activeMarkdown(p.value);
    assert.deepEqual(live.html, [], `HTML in:\n${p.value}`);
    for (const target of live.links) {
      const command = /^command:([\w.]+)/.exec(target)?.[1];
      assert.ok(command && enabled.includes(command), `link ${target} is not one of this part's own commands:\n${p.value}`);
    }
    if (enabled.length) for (const h of ['Down', 'evil', '<img', '<b>']) assert.ok(!p.value.includes(h), `network text "${h}" in a trusted part:\n${p.value}`);
  }
}

describe('host: network text in the chat stays inert', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  before(async () => {

    double = await startDoubleWithoutEnvKey();

  });
  beforeEach(async () => {
    double.reset();
    const payload = buildModelsPayload() as { data: OpenRouterModelJson[] };
    const template = payload.data.find((m) => m.id === 'qwen/qwen3-8b:free')!;
    payload.data.push({ ...template, id: HOSTILE_MODEL, canonical_slug: HOSTILE_MODEL, name: HOSTILE_MESSAGE, description: HOSTILE_MESSAGE });
    double.setModelsPayload(payload);
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-inert-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [HOSTILE_MODEL, 'qwen/qwen3-8b:free']);
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

  const chat = async (prompt: string, command?: string) => {
    const stream = new RecordingStream();
    const request = { prompt, command, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    await vscode.recorded.participants.get('openrouter-dual.openrouter')!.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    return stream.parts;
  };

  it('a failed answer shows the hostile error literally, with our actions in a part of their own', async () => {
    double.script(HOSTILE_MODEL, { kind: 'http-error', status: 502, message: HOSTILE_MESSAGE });
    double.script('qwen/qwen3-8b:free', { kind: 'http-error', status: 502, message: HOSTILE_MESSAGE });
    const parts = await chat('hello');
    assert.ok(parts.some((p) => p.value.includes('Down')), `the server's words are shown:\n${JSON.stringify(parts, null, 1)}`);
    assert.ok(parts.some((p) => typeof p.trusted === 'object' && p.trusted.enabledCommands.length > 0), 'the actions are still links');
    assertChatInert(parts);
  });

  it('/group, /models and /stats with a hostile model id', async () => {
    double.script(HOSTILE_MODEL, { kind: 'http-error', status: 502, message: HOSTILE_MESSAGE });
    double.script('qwen/qwen3-8b:free', { kind: 'stream', text: ['fine'] });
    assertChatInert(await chat('hello', 'group'));
    // The live list (with the odd model) arrives in the background after activation.
    const listed = (parts: Part[]) => parts.some((p) => p.value.replace(/\\(.)/g, '$1').includes('evil/x'));
    let models = await chat('', 'models');
    for (let i = 0; i < 200 && !listed(models); i++) {
      await new Promise((r) => setTimeout(r, 50));
      models = await chat('', 'models');
    }
    assert.ok(listed(models), 'the odd model is listed');
    assertChatInert(models);
    assertChatInert(await chat('', 'stats'));
  });
});
