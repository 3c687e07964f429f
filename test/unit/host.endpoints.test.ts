// Endpoints where users meet them, with the extension activated over both doubles: adding a local
// server from the palette and enabling its model, a rate-limited OpenRouter request answered by it
// (the footer names it), a folder that cannot add an endpoint, /models grouped by endpoint, Test
// Connection naming which endpoints answer, and keys that stay out of exports.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
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
    assert.match(stream.text, /Answered by `@ollama\/llama3\.2:3b`/);
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
    assert.match(stream.shown, /Ollama does not serve @ollama\/llama3\.2:3b \(404\): "model 'llama3\.2:3b' not found"/);
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
    assert.equal(await context.secrets.get('openrouterDual.endpointKey.ollama'), 'local-endpoint-secret');
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
  });
});
