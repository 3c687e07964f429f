// Endpoints where users meet them, with the extension activated over both doubles: adding a local
// server from the palette and enabling its model, a rate-limited OpenRouter request answered by it
// (the footer names it), a folder that cannot add an endpoint, /models grouped by endpoint, Test
// Connection naming which endpoints answer, and keys that stay out of exports.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import { LocalServerDouble } from '../fixtures/localServerDouble';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RecordingStream } from './chatRecording';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const LOCAL = '@ollama/llama3.2:3b';
const KEY = 'sk-or-v1-host-endpoints';

describe('host: endpoints next to OpenRouter', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let local: LocalServerDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  let api: Awaited<ReturnType<typeof ext.activate>>;

  before(async () => {
    double = await startDoubleWithoutEnvKey();
    local = await LocalServerDouble.start();
  });
  beforeEach(async () => {
    double.reset();
    local.reset();
    await local.switchOn();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-endpoints-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
    await context.secrets.store('openrouterDual.apiKey', KEY);
  });
  afterEach(() => tearDownHost(context, storage));
  after(async () => {
    await double.close();
    await local.close();
  });

  const participant = () => vscode.recorded.participants.get('openrouter-dual.openrouter')!;
  const chat = async (prompt: string, command?: string) => {
    const stream = new RecordingStream();
    const request = { prompt, command, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    await participant().handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    return stream;
  };
  const addOllama = async () => {
    vscode.recorded.quickPickAnswers.push('Ollama');
    vscode.recorded.inputBoxAnswers.push(local.baseUrl, 'ollama');
    vscode.recorded.multiPickAnswers.push(['llama3.2:3b']);
    await vscode.commands.executeCommand('openrouterDual.addEndpoint');
  };

  it('Add Endpoint offers the presets, saves the endpoint and enables the chosen model', async () => {
    await addOllama();
    const offered = vscode.recorded.quickPicks[0];
    for (const name of ['Ollama', 'LM Studio', 'llama.cpp server', 'vLLM', 'Groq', 'Google Gemini']) assert.ok(offered.includes(name), offered.join(', '));
    assert.deepEqual(vscode.recorded.settings.get('openrouterDual.endpoints'), [{ id: 'ollama', label: 'Ollama', baseUrl: local.baseUrl }]);
    assert.deepEqual(api.getConfiguration().enabledModels, [A, LOCAL]);
    // Its list was read from the server; no key was asked for a server on this machine.
    assert.ok(local.requests.some((r) => r.path === '/v1/models'));
    assert.equal(vscode.recorded.inputBoxAnswers.length, 0);
    assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /Ollama was added; 1 of its models enabled/);
  });

  it('a rate-limited OpenRouter request is answered by the local endpoint, and the footer names it', async () => {
    await addOllama();
    double.script(A, { kind: 'http-error', status: 429, retryAfter: '30' });
    const stream = await chat('hi');
    assert.ok(stream.text.includes('Hello from llama3.2:3b'), stream.text);
    assert.equal(stream.text.split('Hello from llama3.2:3b').length, 2, 'the answer is shown once');
    // Named by its endpoint's label where users read it; the id stays in the settings.
    assert.match(stream.text, /Answered by `llama3\.2:3b \(Ollama\)`/);
    assert.match(stream.text, /Tried first: `qwen\/qwen3-8b:free`: failed/);
    assert.equal(local.chatRequests().length, 1);
    assert.ok(!JSON.stringify(local.requests).includes(KEY), 'the OpenRouter key never reaches the local server');
  });

  it('a local server that is off: OpenRouter answers, and Test Connection says which endpoint answers', async () => {
    await addOllama();
    vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL, A], 'openrouterDual.maxRetries': 0 });
    await local.switchOff();
    const stream = await chat('hi');
    assert.match(stream.text, /Answered by `qwen\/qwen3-8b:free`/);
    vscode.recorded.messages.length = 0;
    await vscode.commands.executeCommand('openrouterDual.testConnection');
    const said = vscode.recorded.messages.map((m) => m.text).join('\n');
    assert.match(said, /Endpoints: not answering: Ollama/);
  });

  it('the model picker lists an enabled endpoint model with its endpoint, and answers with it', async () => {
    await addOllama();
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const infos = (await provider.provideLanguageModelChatInformation({ silent: true }, new vscode.CancellationTokenSource().token)) as { id: string; name: string }[];
    const listed = infos.find((i) => i.id === LOCAL);
    assert.ok(listed, JSON.stringify(infos.map((i) => i.id)));
    assert.match(listed.name, /llama3\.2:3b \(Ollama\)/);
    const reported: unknown[] = [];
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
    await provider.provideLanguageModelChatResponse({ id: LOCAL }, messages, {}, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
    assert.equal(local.chatRequests().length, 1);
    assert.equal(reported.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''), 'Hello from llama3.2:3b');
  });

  it('errors of an endpoint are told as that endpoint\'s, not OpenRouter\'s', async () => {
    await addOllama();
    vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL] });
    local.script('llama3.2:3b', { kind: 'error', status: 404, message: "model 'llama3.2:3b' not found", style: 'ollama' });
    const stream = await chat('hi');
    assert.match(stream.shown, /Ollama does not serve llama3\.2:3b \(404\): "model 'llama3\.2:3b' not found"/);
    assert.equal(double.chatRequests.length, 0);
  });

  it('/models lists the endpoint models under their endpoint', async () => {
    await addOllama();
    const stream = await chat('', 'models');
    assert.match(stream.text, /\*\*Ollama\*\*/);
    assert.ok(stream.text.includes('@ollama/llama3.2:3b'), stream.text);
    assert.ok(stream.text.includes('@ollama/qwen2.5-coder:7b'), stream.text);
  });

  it('a folder cannot add an endpoint: its value is ignored and nothing is sent there', async () => {
    vscode.recorded.folderSettings.set('openrouterDual.endpoints', [{ id: 'evil', label: 'Evil', baseUrl: local.baseUrl }]);
    vscode.changeSettings({ 'openrouterDual.enabledModels': ['@evil/llama3.2:3b', A] });
    await chat('hi');
    assert.equal(local.chatRequests().length, 0);
    assert.deepEqual(api.getConfiguration().endpoints, []);
  });

  it("an endpoint's key goes to its secret storage and into no export", async () => {
    await addOllama();
    vscode.recorded.inputBoxAnswers.push('local-endpoint-secret');
    await vscode.commands.executeCommand('openrouterDual.setEndpointKey');
    assert.equal(JSON.parse((await context.secrets.get('openrouterDual.endpointKey.ollama')) ?? '{}').key, 'local-endpoint-secret');
    double.script(A, { kind: 'http-error', status: 429, retryAfter: '30' });
    await chat('hi');
    assert.equal(local.chatRequests()[0]?.authorization, 'Bearer local-endpoint-secret');
    // Sent to its own endpoint only; OpenRouter never sees it.
    assert.equal(double.chatRequests.some((r) => JSON.stringify(r.headers).includes('local-endpoint-secret')), false);
    const file = vscode.Uri.file(join(storage, 'exported.json'));
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.exportConfiguration');
    const exported = readFileSync(file.fsPath, 'utf8');
    assert.ok(!exported.includes('local-endpoint-secret'));
    const doc = JSON.parse(exported) as { settings: Record<string, unknown> };
    assert.deepEqual(doc.settings['openrouterDual.endpoints'], [{ id: 'ollama', label: 'Ollama', baseUrl: local.baseUrl }]);
    // The extension API shows the endpoint and its model, never the key.
    assert.deepEqual(api.getConfiguration().endpoints, [{ id: 'ollama', label: 'Ollama', baseUrl: local.baseUrl }]);
    assert.ok(api.models().some((m) => m.id === LOCAL), JSON.stringify(api.models().map((m) => m.id)));
    assert.ok(!JSON.stringify([api.getConfiguration(), api.models(), api.routerConfiguration(), api.statistics()]).includes('local-endpoint-secret'));
  });

  it('/stats and the skip notes name an endpoint model by its label, while the settings keep its id', async () => {
    await addOllama();
    vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL, A] });
    await local.switchOff();
    const skipped = await chat('hi');
    assert.match(skipped.text, /Answered by `qwen\/qwen3-8b:free`/);
    const progress = skipped.parts.filter((p) => p.kind === 'progress').map((p) => p.value);
    assert.ok(progress.includes('Asking `llama3.2:3b (Ollama)`…'), progress.join('\n'));
    assert.match(skipped.shown, /Tried first: `llama3\.2:3b \(Ollama\)`: skipped \(its server is not answering\)/);
    const stats = await chat('', 'stats');
    assert.match(stats.text, /\| `llama3\.2:3b \(Ollama\)` \|/);
    assert.ok(!stats.text.includes('@ollama/'), stats.text);
    assert.deepEqual(api.getConfiguration().enabledModels, [LOCAL, A]);
  });

  it("the router's failure message names an endpoint model by its label", async () => {
    await addOllama();
    vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL] });
    await local.switchOff();
    await chat('hi');
    // The next request knows the server is off and asks nothing: the router says so in its own words.
    const stream = await chat('hi');
    assert.match(stream.shown, /the server of llama3\.2:3b \(Ollama\) is not answering/);
    assert.ok(!stream.shown.includes('@ollama/'), stream.shown);
  });

  describe('tools and images with an endpoint model whose capabilities are unknown', () => {
    const NO_TOOLS = 'deepseek/deepseek-r1:free';
    const TOOL = { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };
    const provider = () => vscode.recorded.modelProviders.get('openrouter-dual')!.provider;
    const infos = async () =>
      (await provider().provideLanguageModelChatInformation({ silent: true }, new vscode.CancellationTokenSource().token)) as {
        id: string;
        detail?: string;
        capabilities: { toolCalling?: boolean; imageInput?: boolean };
      }[];
    const askWithTools = async () => {
      const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('Read a.txt')], name: undefined }];
      const reported: unknown[] = [];
      await provider().provideLanguageModelChatResponse({ id: 'auto' }, messages, { tools: [TOOL] }, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
      return reported;
    };

    beforeEach(async () => {
      double.enforceListedCapabilities(true);
      await vscode.commands.executeCommand('openrouterDual.refreshModels');
      await addOllama();
    });

    it('the picker claims neither tools nor images for it, and says they are unknown', async () => {
      const listed = (await infos()).find((i) => i.id === LOCAL);
      assert.ok(listed);
      assert.equal(listed.capabilities.toolCalling, false);
      assert.equal(listed.capabilities.imageInput, false);
      assert.match(listed.detail ?? '', /tools and images unknown/);
      // Auto offers tools for the known tool model beside it, not because of the endpoint model.
      vscode.changeSettings({ 'openrouterDual.enabledModels': [NO_TOOLS, LOCAL] });
      const auto = (await infos()).find((i) => i.id === 'auto');
      assert.equal(auto?.capabilities.toolCalling, false);
    });

    it('a tool request goes to an enabled model known to take tools, not to the endpoint model listed first', async () => {
      vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL, A] });
      await askWithTools();
      assert.equal(local.chatRequests().length, 0, 'the endpoint model was asked with tools although a known tool model was enabled');
      assert.ok(double.chatRequests.some((r) => r.model === A && Array.isArray(r.body.tools)));
    });

    it('with no enabled model known to take tools, the endpoint model is tried with them', async () => {
      vscode.changeSettings({ 'openrouterDual.enabledModels': [NO_TOOLS, LOCAL] });
      await askWithTools();
      const sent = local.chatRequests();
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0].body.tools.map((t: { function: { name: string } }) => t.function.name), ['read_file']);
      assert.equal(double.chatRequests.filter((r) => Array.isArray(r.body.tools)).length, 0, 'a model known to lack tools is not asked with them');
    });
  });

  describe('the settings page', () => {
    type Panel = { posted: unknown[]; fromPage: (message: unknown) => Promise<void>; dispose(): void };
    let panel: Panel;
    const posted = <T extends string>(type: T) => panel.posted.filter((m): m is { type: T } & Record<string, unknown> => (m as { type: string }).type === type);
    /** A fresh snapshot, as the page gets one when it is shown again. */
    const state = async () => {
      await panel.fromPage({ type: 'ready' });
      return (posted('state').at(-1) as unknown as { state: { endpoints: { id: string; label: string; baseUrl: string; answering: string; keySet: boolean; models: { id: string; enabled: boolean }[] }[] } }).state;
    };
    /**
     * A new endpoint's list is read in the background and kept on disk; waits (up to 5 s) until it
     * is written, so the test ends with no write into the folder being removed.
     */
    const endpointListSaved = async () => {
      const file = join(storage, 'endpoint-models.json');
      for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(existsSync(file), 'the endpoint list was not saved within 5 s');
    };
    const endpointsSetting = () => vscode.recorded.settings.get('openrouterDual.endpoints') as { id: string; label: string; baseUrl: string }[] | undefined;

    beforeEach(async () => {
      await vscode.commands.executeCommand('openrouterDual.openSettings');
      panel = vscode.recorded.webviewPanels.at(-1) as unknown as Panel;
      await panel.fromPage({ type: 'ready' });
    });
    // Closed as the user would, so the next test opens a new one.
    afterEach(() => panel.dispose());

    it('adds an endpoint into the user settings, refuses a taken id, and tests it: answering, with its models', async () => {
      assert.deepEqual((await state()).endpoints, []);
      await panel.fromPage({ type: 'saveEndpoint', endpoint: { id: 'ollama', label: 'Ollama', baseUrl: `${local.baseUrl}/` } });
      assert.deepEqual(endpointsSetting(), [{ id: 'ollama', label: 'Ollama', baseUrl: local.baseUrl }]);
      await endpointListSaved();
      assert.deepEqual({ ...posted('validation').at(-1) }, { type: 'validation', field: 'endpoint:new', message: undefined });
      await panel.fromPage({ type: 'saveEndpoint', endpoint: { id: 'ollama', label: 'Another', baseUrl: 'http://localhost:1234/v1' } });
      assert.deepEqual(posted('validation').at(-1), { type: 'validation', field: 'endpoint:new', message: 'That id is taken.' });
      assert.equal(endpointsSetting()?.length, 1);

      await panel.fromPage({ type: 'testEndpoint', id: 'ollama' });
      assert.deepEqual(posted('endpointTest').at(-1), { type: 'endpointTest', id: 'ollama', status: 'passed', message: 'Ollama answers: 2 models.' });
      const after = (await state()).endpoints[0];
      assert.equal(after.answering, 'yes');
      assert.deepEqual(after.models.map((m) => [m.id, m.enabled]), [[LOCAL, false], ['@ollama/qwen2.5-coder:7b', false]]);
      await panel.fromPage({ type: 'toggleModel', id: LOCAL, enabled: true });
      assert.deepEqual(api.getConfiguration().enabledModels, [A, LOCAL]);
      assert.equal((await state()).endpoints[0].models[0].enabled, true);
    });

    it('sets a key through the command, never posting it; an edit to another host drops the key; a test of a dead server fails', async () => {
      await addOllama();
      await endpointListSaved();
      vscode.recorded.inputBoxAnswers.push('page-endpoint-secret');
      await panel.fromPage({ type: 'setEndpointKey', id: 'ollama' });
      assert.equal(JSON.parse((await context.secrets.get('openrouterDual.endpointKey.ollama')) ?? '{}').key, 'page-endpoint-secret');
      assert.equal((await state()).endpoints[0].keySet, true);

      // Another host name is another origin: the key stays behind. The server there is off.
      const moved = local.baseUrl.replace('127.0.0.1', 'localhost');
      await local.switchOff();
      await panel.fromPage({ type: 'saveEndpoint', endpoint: { id: 'ollama', label: 'Ollama (NAS)', baseUrl: moved }, originalId: 'ollama' });
      assert.deepEqual(endpointsSetting(), [{ id: 'ollama', label: 'Ollama (NAS)', baseUrl: moved }]);
      assert.match(String(posted('notice').at(-1)?.message), /Its key was removed because the base URL points to another host/);
      assert.equal(await context.secrets.get('openrouterDual.endpointKey.ollama'), undefined);
      await panel.fromPage({ type: 'testEndpoint', id: 'ollama' });
      const test = posted('endpointTest').at(-1);
      assert.equal(test?.status, 'failed');
      assert.match(String(test?.message), /^Ollama \(NAS\) does not answer: /);
      assert.equal((await state()).endpoints[0].answering, 'no');
      assert.ok(!JSON.stringify(panel.posted).includes('page-endpoint-secret'), 'the key never reaches the page');
    });

    it('an edit to another host never sends the old key there, with the server there on (the model-list refresh included)', async () => {
      await addOllama();
      await endpointListSaved();
      vscode.recorded.inputBoxAnswers.push('page-endpoint-secret');
      await panel.fromPage({ type: 'setEndpointKey', id: 'ollama' });
      // Another host name for the same server, which stays on: every request it gets is recorded.
      const moved = local.baseUrl.replace('127.0.0.1', 'localhost');
      local.reset();
      await panel.fromPage({ type: 'saveEndpoint', endpoint: { id: 'ollama', label: 'Ollama (NAS)', baseUrl: moved }, originalId: 'ollama' });
      await panel.fromPage({ type: 'testEndpoint', id: 'ollama' });
      assert.equal(posted('endpointTest').at(-1)?.status, 'passed');
      vscode.changeSettings({ 'openrouterDual.enabledModels': [LOCAL] });
      await chat('hi');
      assert.ok(local.requests.some((r) => r.path === '/v1/models') && local.chatRequests().length > 0, 'the moved endpoint was asked');
      assert.deepEqual(local.requests.filter((r) => r.authorization?.includes('page-endpoint-secret')).map((r) => r.path), [], 'no request after the move carried the old key');
    });

    it('removes an endpoint with its enabled models and its key', async () => {
      await addOllama();
      await context.secrets.store('openrouterDual.endpointKey.ollama', 'to-be-removed');
      assert.deepEqual(api.getConfiguration().enabledModels, [A, LOCAL]);
      await panel.fromPage({ type: 'removeEndpoint', id: 'ollama' });
      assert.deepEqual(endpointsSetting(), []);
      assert.deepEqual(api.getConfiguration().enabledModels, [A]);
      assert.equal(await context.secrets.get('openrouterDual.endpointKey.ollama'), undefined);
      assert.match(String(posted('notice').at(-1)?.message), /Ollama was removed, with its models and its key/);
      assert.deepEqual((await state()).endpoints, []);
    });
  });
});
