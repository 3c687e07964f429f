// The extension in a real VS Code: activation through VS Code itself, the model-picker provider
// reached through `vscode.lm` as any other extension (or Copilot's agent) reaches it, settings
// written through `vscode.workspace.getConfiguration`, and the local OpenRouter double, started in
// this process (the extension host) on 127.0.0.1. Runs only inside VS Code (`npm run test:desktop`);
// test/unit/host.*.test.ts checks the same paths in plain Node against a `vscode` stand-in.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OpenRouterDualApi } from '../../src/extension';
import { OpenRouterDouble } from '../fixtures/double';

const EXTENSION_ID = 'openrouter-dual.openrouter-dual';
const VENDOR = 'openrouter-dual';
const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
const KEY = 'sk-or-v1-desktop-suite';
const Global = vscode.ConfigurationTarget.Global;

/** Polls until `check` holds (bounded): VS Code delivers settings and model changes asynchronously. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const [found] = await vscode.lm.selectChatModels({ vendor: VENDOR, id });
  assert.ok(found, `vscode.lm offers no ${VENDOR} model with id ${id}`);
  return found;
}

/** Sends one user message and returns the response's parts, as an extension calling the model gets them. */
async function ask(chat: vscode.LanguageModelChat, prompt: string, options: vscode.LanguageModelChatRequestOptions = {}, token?: vscode.CancellationToken) {
  const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], options, token ?? new vscode.CancellationTokenSource().token);
  const parts: unknown[] = [];
  for await (const part of response.stream) parts.push(part);
  const text = parts.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('');
  const calls = parts.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
  return { text, calls };
}

describe('desktop VS Code: the extension in the real extension host', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let api: OpenRouterDualApi;
  const settings = () => vscode.workspace.getConfiguration('openrouterDual');
  const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

  before(async () => {
    delete process.env.OPENROUTER_API_KEY;
    double = await OpenRouterDouble.start({ host: '127.0.0.1' });
    await settings().update('baseUrl', double.baseUrl, Global);
    await settings().update('enabledModels', [A, B], Global);
    const extension = vscode.extensions.getExtension<OpenRouterDualApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
    api = await extension.activate();
    await until(() => sameUrl(api.getConfiguration().baseUrl, double.baseUrl), 'the base URL written through getConfiguration reached the extension');
  });
  afterEach(() => {
    delete process.env.OPENROUTER_API_KEY;
    double.reset();
  });
  after(async () => {
    for (const key of ['baseUrl', 'enabledModels', 'routingStrategy', 'providerMode', 'maxRetries']) await settings().update(key, undefined, Global);
    await double?.close();
  });

  it('activates through VS Code and registers every command its package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(extension.isActive, true);
    assert.equal(api.apiVersion, 1);
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  it('offers "OpenRouter Auto" and the enabled models through vscode.lm.selectChatModels', async () => {
    let offered: vscode.LanguageModelChat[] = [];
    await until(async () => {
      offered = await vscode.lm.selectChatModels({ vendor: VENDOR });
      return [A, B].every((id) => offered.some((m) => m.id === id));
    }, `the enabled models are offered (offered: ${JSON.stringify(offered.map((m) => m.id))})`);
    const auto = offered.find((m) => m.id === 'auto');
    assert.ok(auto, `no "auto" model among ${JSON.stringify(offered.map((m) => m.id))}`);
    assert.match(auto.name, /OpenRouter Auto/);
    assert.equal(auto.vendor, VENDOR);
  });

  it('without a key, a request fails saying how to set one, and nothing reaches the network', async () => {
    const auto = await model('auto');
    await assert.rejects(ask(auto, 'hello'), /Set API Key/);
    assert.equal(double.chatRequests.length, 0);
  });

  it('streams the double\'s text through sendRequest to "OpenRouter Auto", with the key from OPENROUTER_API_KEY', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    double.script(A, { kind: 'stream', text: ['Hello', ' from the', ' double.'] });
    const { text } = await ask(await model('auto'), 'say hello');
    assert.equal(text, 'Hello from the double.');
    const [sent] = double.chatRequests;
    assert.equal(sent.model, A, 'the failover strategy starts with the first enabled model');
    assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
    const messages = (sent.body as { messages: { role: string; content: unknown }[] }).messages;
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'say hello' });
  });

  it('a model picked by id is asked directly, and tools and tool calls pass through', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    double.script(B, { kind: 'stream', text: ['Calling.'], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }], finishReason: 'tool_calls' });
    const tools: vscode.LanguageModelChatTool[] = [{ name: 'lookup', description: 'Looks something up', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
    const { text, calls } = await ask(await model(B), 'find x', { tools, toolMode: vscode.LanguageModelChatToolMode.Auto });
    assert.equal(text, 'Calling.');
    assert.deepEqual(calls.map((c) => [c.name, c.input]), [['lookup', { q: 'x' }]]);
    const body = double.chatRequests[0].body as { model: string; tools?: { function: { name: string } }[] };
    assert.equal(body.model, B);
    assert.deepEqual(body.tools?.map((t) => t.function.name), ['lookup']);
  });

  it('settings written through getConfiguration reach the router; an invalid one is refused', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    await settings().update('enabledModels', [B, A], Global);
    await settings().update('routingStrategy', 'round_robin', Global);
    await until(() => api.routerConfiguration().strategy === 'round_robin', 'routingStrategy reached the router');
    await until(() => api.routerConfiguration().enabledModels.join() === [B, A].join(), 'enabledModels reached the router');
    await settings().update('routingStrategy', 'failover', Global);
    await until(() => api.routerConfiguration().strategy === 'failover', 'routingStrategy back to failover');
    double.script(B, { kind: 'stream', text: ['B first now.'] });
    const { text } = await ask(await model('auto'), 'who is first?');
    assert.equal(text, 'B first now.');
    assert.equal(double.chatRequests[0].model, B);

    await settings().update('maxRetries', 99, Global);
    await until(() => settings().get('maxRetries') === 99, 'maxRetries written');
    assert.equal(api.getConfiguration().maxRetries, 2, 'an out-of-range maxRetries is not used');
    await settings().update('maxRetries', undefined, Global);
    await settings().update('enabledModels', [A, B], Global);
  });

  it('the official SDK mode answers too (its lazily loaded bundle works in the real host)', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    await settings().update('providerMode', 'openrouter_sdk', Global);
    try {
      await until(() => api.getConfiguration().providerMode === 'openrouter_sdk', 'providerMode reached the extension');
      double.script(A, { kind: 'stream', text: ['Via the', ' SDK.'] });
      const { text } = await ask(await model(A), 'sdk?');
      assert.equal(text, 'Via the SDK.');
    } finally {
      await settings().update('providerMode', undefined, Global);
    }
  });

  it('cancelling the request\'s token closes the HTTP request', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    double.script(A, { kind: 'hang', text: ['Partial'] });
    const source = new vscode.CancellationTokenSource();
    const pending = ask(await model(A), 'long', {}, source.token).catch((e: unknown) => e);
    await double.waitForRequests(1);
    source.cancel();
    await pending;
    await until(() => double.chatRequests[0].closedByClient, 'the double saw the client close the request');
  });

  it('the exported API tests the connection against the configured base URL', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    double.script(A, { kind: 'stream', text: ['pong'] });
    const result = await api.testConnection();
    assert.equal(result.ok, true, result.summary);
    assert.match(result.summary, /Connection works: .*qwen\/qwen3-8b:free/);
    assert.ok(!result.summary.includes(KEY));
  });
});
