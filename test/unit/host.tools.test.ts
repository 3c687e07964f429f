// The model picker's tool path, as an agent uses it through the language-model API: a request with
// tools goes only to enabled models whose live entry lists `tools`; with none, the error says so
// and a notification offers to enable free models that can. Read from what the double received.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, type OpenRouterModelJson } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const NO_TOOLS = 'deepseek/deepseek-r1:free';
const NO_TOOLS_2 = 'cognitivecomputations/dolphin3.0-mistral-24b:free';
const TOOLS = 'qwen/qwen3-8b:free';
const KEY = 'sk-or-v1-host-tools';
const TOOL = { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };

describe('host: tools through the model picker', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;

  before(async () => {
    double = await startDoubleWithoutEnvKey();
  });
  after(() => double.close());
  afterEach(() => tearDownHost(context, storage));

  async function start(enabled: string[]): Promise<void> {
    double.reset();
    // OpenRouter's behaviour: a model without tool endpoints answers a tool request with the 404.
    double.enforceListedCapabilities(true);
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-tools-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', enabled);
    context = vscode.createContext(storage);
    await ext.activate(context as never);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    vscode.recorded.messages.length = 0;
  }

  const respond = (modelId: string, tools?: unknown[]) => {
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('Read a.txt')], name: undefined }];
    const reported: unknown[] = [];
    const run = Promise.resolve(
      provider.provideLanguageModelChatResponse({ id: modelId }, messages, { tools }, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token),
    );
    return { run, reported };
  };
  const toolRequestsTo = (model: string) => double.chatRequests.filter((r) => r.model === model && Array.isArray(r.body.tools));

  it('Auto sends a tool request past an enabled model without tools to one with them; the call comes back', async () => {
    await start([NO_TOOLS, TOOLS]);
    double.script(TOOLS, { kind: 'stream', toolCalls: [{ name: 'read_file', arguments: '{"path":"a.txt"}' }] });
    const { run, reported } = respond('auto', [TOOL]);
    await run;
    assert.equal(toolRequestsTo(NO_TOOLS).length, 0, 'no tool request to the model without tools');
    assert.equal(toolRequestsTo(TOOLS).length, 1);
    const call = reported.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.deepEqual(call && [call.name, call.input], ['read_file', { path: 'a.txt' }]);
    // A plain request still goes to the first enabled model.
    await respond('auto').run;
    assert.equal(double.chatRequests.at(-1)?.model, NO_TOOLS);
  });

  it('offers Auto and each model with tools and images as the live list says', async () => {
    await start([NO_TOOLS, TOOLS, 'google/gemma-3n-e4b-it:free']);
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const info = provider.provideLanguageModelChatInformation({ silent: true }, new vscode.CancellationTokenSource().token) as { id: string; capabilities: object }[];
    assert.deepEqual(
      info.map((i) => [i.id, i.capabilities]),
      [
        ['auto', { toolCalling: true, imageInput: true }],
        [NO_TOOLS, { toolCalling: false, imageInput: false }],
        [TOOLS, { toolCalling: true, imageInput: false }],
        ['google/gemma-3n-e4b-it:free', { toolCalling: false, imageInput: true }],
      ],
    );
  });

  it('with no enabled model that supports tools: nothing is sent, the error says so, and enabling a suggested model works', async () => {
    await start([NO_TOOLS, NO_TOOLS_2]);
    let suggested = '';
    await assert.rejects(respond('auto', [TOOL]).run, (e: Error) => {
      suggested = /Free models that do: ([^,]+),/.exec(e.message)?.[1] ?? '';
      return /^No enabled model supports tool calls, so the request was not sent/.test(e.message);
    });
    assert.equal(double.chatRequests.length, 0);
    const offer = vscode.recorded.messages.find((m) => m.items.includes(`Enable ${suggested}`));
    assert.ok(offer, JSON.stringify(vscode.recorded.messages));
    // The suggestion is a free model whose live entry lists tools.
    const listed = (buildModelsPayload().data as OpenRouterModelJson[]).find((m) => m.id === suggested);
    assert.ok(suggested.endsWith(':free') && listed?.supported_parameters.includes('tools'), suggested);

    vscode.recorded.messageAnswers.push(`Enable ${suggested}`);
    await assert.rejects(respond('auto', [TOOL]).run);
    // The setting is written in the background (the stand-in's update is asynchronous, like VS Code's).
    for (let i = 0; i < 500 && !(vscode.recorded.settings.get('openrouterDual.enabledModels') as string[]).includes(suggested); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(vscode.recorded.settings.get('openrouterDual.enabledModels'), [NO_TOOLS, NO_TOOLS_2, suggested]);
    await respond('auto', [TOOL]).run;
    assert.deepEqual(double.chatRequests.map((r) => r.model), [suggested]);
  });

  it("Auto hands a tool's result back to the model that made the call, also under round robin", async () => {
    const OTHER = 'moonshotai/kimi-k2-large:free';
    await start([TOOLS, OTHER]);
    vscode.changeSettings({ 'openrouterDual.routingStrategy': 'round_robin' });
    for (const m of [TOOLS, OTHER]) {
      double.script(m, { kind: 'stream', toolCalls: [{ name: 'read_file', arguments: '{"path":"a.txt"}' }] }, { kind: 'stream', text: ['done'] });
    }
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const reported: unknown[] = [];
    const ask = (messages: unknown[]) =>
      provider.provideLanguageModelChatResponse({ id: 'auto' }, messages, { tools: [TOOL] }, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
    const prompt = { role: 1, content: [new vscode.LanguageModelTextPart('Read a.txt')], name: undefined };
    await ask([prompt]);
    const call = reported.find((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart)!;
    const caller = double.chatRequests[0].model;
    await ask([
      prompt,
      { role: 2, content: [new vscode.LanguageModelToolCallPart(call.callId, call.name, call.input)], name: undefined },
      { role: 1, content: [new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('contents of a.txt')])], name: undefined },
    ]);
    assert.deepEqual(double.chatRequests.map((r) => r.model), [caller, caller], 'round robin alone would have asked the other model');
  });

  it("a model OpenRouter refuses tools for (its 404) fails over at once and is not asked with tools again, in both modes", async () => {
    for (const mode of ['openai_compatible', 'openrouter_sdk'] as const) {
      await start([TOOLS, 'qwen/qwen3-30b-a3b:free']);
      await vscode.workspace.getConfiguration('openrouterDual').update('providerMode', mode);
      double.setModelLimits(TOOLS, { tools: false });
      await respond('auto', [TOOL]).run;
      await respond('auto', [TOOL]).run;
      await respond('auto').run;
      assert.deepEqual(
        double.chatRequests.map((r) => [r.model, Array.isArray(r.body.tools)]),
        [
          [TOOLS, true],
          ['qwen/qwen3-30b-a3b:free', true],
          ['qwen/qwen3-30b-a3b:free', true],
          [TOOLS, false],
        ],
        mode,
      );
      await tearDownHost(context, storage);
    }
    // afterEach tears down once more: give it a fresh host.
    await start([TOOLS]);
  });
});
