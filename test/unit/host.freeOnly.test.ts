// "Free models only" on every path that can send a request: the participant (a model picked in the
// picker, /retry), the model-picker provider, the API's chat({ model }) and OpenRouter's server-side
// `models` fallback list. Every test reads what the double itself received, so a paid model asked
// for by any path shows up here, and checks that the user is told which model and which setting.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload, ZERO_PRICED_IDS } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import type { RouterEvent } from '../../src/core/router/types';
import { RecordingStream } from './chatRecording';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
/** Not in the live list: only its id can tell, and it does not end with `:free`. */
const PAID = 'openai/gpt-4o';
/** A paid model the live list knows, with its prices. */
const PAID_LISTED = (buildModelsPayload().data as { id?: unknown; pricing?: { prompt?: unknown } }[]).find(
  (m) => typeof m?.id === 'string' && m.id.startsWith('openai/') && Number(m.pricing?.prompt) > 0,
)!.id as string;
const ZERO_PRICED = ZERO_PRICED_IDS[0];
const KEY = 'sk-or-v1-host-free-only';
const SETTING = 'openrouterDual.freeModelsOnly';
const OPEN_SETTING_LINK = `command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([SETTING]))}`;

type Api = Awaited<ReturnType<typeof ext.activate>>;


describe('host: free models only, on every path', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  let api: Api;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  before(async () => {

    double = await startDoubleWithoutEnvKey();

  });
  beforeEach(async () => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-free-only-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B]);
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    // The live list, so the catalog knows which models are paid and which are priced zero.
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    vscode.recorded.messages.length = 0;
  });
  afterEach(async () => {
    await tearDownHost(context, storage);
  });
  after(async () => {
    await double.close();
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  /** Every model id the double was asked for: `model` and the server-side `models` list. */
  const requestedModels = (): string[] =>
    double.chatRequests.flatMap((r) => [String(r.body.model), ...(Array.isArray(r.body.models) ? r.body.models.map(String) : [])]);
  /** Free: a `:free` variant, the free router, or priced zero in the double's list. */
  const assertNoPaidRequested = () => {
    const requested = requestedModels();
    const paid = requested.filter((id) => !id.endsWith(':free') && id !== 'openrouter/free' && !(ZERO_PRICED_IDS as readonly string[]).includes(id));
    assert.deepEqual(paid, [], `the double was asked for paid models: ${requested.join(', ')}`);
  };
  const participant = () => vscode.recorded.participants.get('openrouter-dual.openrouter')!;
  const chat = async (prompt: string, opts: { command?: string; history?: unknown[]; model?: { vendor: string; id: string; family: string } } = {}) => {
    const stream = new RecordingStream();
    const request = { prompt, command: opts.command, references: [], model: opts.model ?? { vendor: 'copilot', id: 'x', family: 'x' } };
    const result = (await participant().handler(request, { history: opts.history ?? [] }, stream, new vscode.CancellationTokenSource().token)) as {
      metadata?: Record<string, unknown>;
    };
    return { stream, result };
  };
  const apiChat = async (request: Parameters<Api['chat']>[0]): Promise<RouterEvent[]> => {
    const events: RouterEvent[] = [];
    for await (const e of api.chat(request)) events.push(e);
    return events;
  };
  const pickerResponse = (id: string) => {
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
    const reported: unknown[] = [];
    const run = Promise.resolve(
      provider.provideLanguageModelChatResponse({ id }, messages, {}, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token),
    );
    return { run, reported };
  };

  it("a folder's .vscode/settings.json cannot make chats cost money: its freeModelsOnly: false is ignored with one warning", async () => {
    // A cloned repository: free-only off and a paid model first, in the folder's settings.
    vscode.recorded.folderSettings.set(SETTING, false);
    vscode.recorded.folderSettings.set('openrouterDual.enabledModels', [PAID_LISTED, A]);
    vscode.changeSettings({ 'openrouterDual.groupSize': 4 });
    assert.equal(api.getConfiguration().freeModelsOnly, true);
    const { stream } = await chat('hello');
    assertNoPaidRequested();
    assert.ok(double.chatRequests.length > 0, stream.text);
    const warnings = vscode.recorded.messages.filter((m) => m.level === 'warning' && m.text.includes(SETTING));
    assert.equal(warnings.length, 1, JSON.stringify(vscode.recorded.messages));
    assert.match(warnings[0].text, /openrouterDual\.freeModelsOnly = false in the workspace folder settings \(\.vscode\/settings\.json\) is ignored: it decides whether chats may cost money/);
    vscode.changeSettings({ 'openrouterDual.groupSize': 5 });
    assert.equal(vscode.recorded.messages.filter((m) => m.level === 'warning' && m.text.includes(SETTING)).length, 1, 'warned once');
    // The user's own settings still decide.
    vscode.changeSettings({ [SETTING]: false });
    assert.equal(api.getConfiguration().freeModelsOnly, false);
  });

  it('the participant refuses a paid model picked in the model picker, naming it and the setting, with a link to the setting', async () => {
    const { stream, result } = await chat('which?', { model: { vendor: 'openrouter-dual', id: PAID, family: PAID } });
    assertNoPaidRequested();
    assert.equal(double.chatRequests.length, 0, 'a refused request sends nothing');
    assert.ok(stream.shown.includes(PAID), stream.text);
    assert.ok(stream.shown.includes(SETTING), stream.text);
    assert.ok(stream.text.includes(OPEN_SETTING_LINK), stream.text);
    assert.ok(stream.trustedCommands.includes('workbench.action.openSettings'));
    assert.equal(result.metadata?.failed, true);
  });

  it('the participant in Chinese says the same', async () => {
    vscode.env.language = 'zh-cn';
    try {
      const { stream } = await chat('哪个?', { model: { vendor: 'openrouter-dual', id: PAID, family: PAID } });
      assertNoPaidRequested();
      assert.match(stream.text, /不是免费模型/);
      assert.ok(stream.shown.includes(PAID) && stream.shown.includes(SETTING), stream.text);
    } finally {
      vscode.env.language = 'en';
    }
  });

  it('/retry never moves to an enabled paid model, and fails over only among free ones', async () => {
    vscode.changeSettings({ 'openrouterDual.enabledModels': [A, PAID_LISTED, B] });
    double.script(B, { kind: 'http-error', status: 503, message: 'No provider available' });
    const history = [
      new vscode.ChatRequestTurn('first', undefined, [], 'openrouter-dual.openrouter'),
      new vscode.ChatResponseTurn([new vscode.ChatResponseMarkdownPart(new vscode.MarkdownString('first answer'))], { metadata: { answer: 'first answer', model: A } }, 'openrouter-dual.openrouter'),
    ];
    const { stream } = await chat('first', { command: 'retry', history });
    assertNoPaidRequested();
    assert.deepEqual(double.chatRequests.map((r) => r.model), [B, A]);
    assert.match(stream.text, /Answered by `qwen\/qwen3-8b:free`/);
    // The user hears once that the paid model is skipped, and why.
    assert.ok(vscode.recorded.messages.some((m) => m.text.includes(PAID_LISTED) && /free models only/.test(m.text)), JSON.stringify(vscode.recorded.messages));
  });

  it('the model-picker provider throws for a paid model, naming it and the setting, and offers to open the setting', async () => {
    const { run, reported } = pickerResponse(PAID);
    await assert.rejects(run, (e: Error) => e.message.includes(PAID) && e.message.includes(SETTING));
    assertNoPaidRequested();
    assert.equal(double.chatRequests.length, 0);
    assert.equal(reported.length, 0);
    assert.ok(
      vscode.recorded.messages.some((m) => m.text.includes(PAID) && m.text.includes(SETTING) && m.items.includes('Open Setting')),
      JSON.stringify(vscode.recorded.messages),
    );
  });

  it('the model-picker provider answers with a zero-priced model of the live list (free without `:free`) but refuses OpenRouter Auto', async () => {
    double.script(ZERO_PRICED, { kind: 'stream', text: ['Zero.'] });
    const zero = pickerResponse(ZERO_PRICED);
    await zero.run;
    assert.deepEqual(double.chatRequests.map((r) => r.model), [ZERO_PRICED]);
    await assert.rejects(pickerResponse('openrouter/auto').run, (e: Error) => e.message.includes('openrouter/auto') && e.message.includes(SETTING));
    assertNoPaidRequested();
  });

  it('api.chat({ model }) with a paid model sends nothing and ends with a failure naming the model and the setting', async () => {
    for (const pinned of [false, true]) {
      const events = await apiChat({ messages: [{ role: 'user', content: 'x' }], model: PAID, pinned });
      const end = events.at(-1);
      assert.ok(end?.type === 'failed', JSON.stringify(events));
      assert.equal(end.failure.kind, 'not_free');
      assert.ok(end.failure.message.includes(PAID) && end.failure.message.includes(SETTING), end.failure.message);
    }
    assertNoPaidRequested();
    assert.equal(double.chatRequests.length, 0);
    // With the setting off, the same call is the user's choice and is sent.
    vscode.changeSettings({ [SETTING]: false });
    await apiChat({ messages: [{ role: 'user', content: 'x' }], model: PAID, pinned: true });
    assert.deepEqual(double.chatRequests.map((r) => r.model), [PAID]);
  });

  it('the server-side `models` list (official mode) holds only free models, also when a caller passes its own', async () => {
    vscode.changeSettings({
      'openrouterDual.providerMode': 'openrouter_sdk',
      'openrouterDual.serverSideFallback': true,
      'openrouterDual.enabledModels': [A, PAID_LISTED, B, 'openrouter/auto'],
    });
    const message = [{ role: 'user' as const, content: 'x' }];
    await apiChat({ messages: message, options: { fallbackModels: [PAID, B] } });
    await apiChat({ messages: message, model: A, pinned: true, options: { fallbackModels: [PAID] } });
    await apiChat({ messages: message, model: A, pinned: true, options: { fallbackModels: ['openrouter/auto', ZERO_PRICED] } });
    assert.equal(double.chatRequests.length, 3);
    assertNoPaidRequested();
    // Built by the router from the enabled free models: the caller's list does not replace it.
    assert.deepEqual((double.chatRequests[0].body.models as string[]).filter((m) => m !== A), [B]);
    // A zero-priced model of the live list costs nothing, so it may stay in a caller's list.
    assert.deepEqual((double.chatRequests[2].body.models as string[]).filter((m) => m !== A), [ZERO_PRICED]);
  });
});
