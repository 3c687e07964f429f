// activate() in Node with the `vscode` stand-in and the local double: what it registers, the
// order that makes the first chat request work, the participant and the model-picker provider
// answering over real HTTP, settings warnings, and cancellation.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { RedactingLog } from '../../src/host/status/log';
import { removeDir } from './tempDirs';
import { RecordingStream } from './chatRecording';
import { startDoubleWithoutEnvKey, tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
const KEY = 'sk-or-v1-host-activation';
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };

type Api = Awaited<ReturnType<typeof ext.activate>>;


describe('host: activate() with a vscode stand-in', function () {
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
    storage = mkdtempSync(join(tmpdir(), 'host-activation-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B]);
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
  });
  afterEach(async () => {
    await tearDownHost(context, storage);
  });
  after(async () => {
    await double.close();
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  const participant = () => vscode.recorded.participants.get('openrouter-dual.openrouter')!;
  const chat = async (
    prompt: string,
    opts: { command?: string; history?: unknown[]; token?: vscode.CancellationTokenSource['token']; model?: { vendor: string; id: string; family: string } } = {},
  ) => {
    const stream = new RecordingStream();
    const request = { prompt, command: opts.command, references: [], model: opts.model ?? { vendor: 'copilot', id: 'x', family: 'x' } };
    const token = opts.token ?? new vscode.CancellationTokenSource().token;
    const result = (await participant().handler(request, { history: opts.history ?? [] }, stream, token)) as { metadata?: Record<string, unknown> };
    return { stream, result };
  };
  const setKey = () => context.secrets.store('openrouterDual.apiKey', KEY);

  it('registers every contributed command, the participant and the provider, then resolves the models', async () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...vscode.recorded.commands.keys()].sort(), contributed);
    assert.ok(vscode.recorded.participants.has('openrouter-dual.openrouter'));
    const provider = vscode.recorded.modelProviders.get('openrouter-dual');
    assert.ok(provider);
    // Models resolved after the provider exists: what keeps the first request from failing.
    const [select] = vscode.recorded.selectChatModelsCalls;
    assert.equal(select?.vendor, 'openrouter-dual');
    assert.ok(select.providerRegistered && select.at > provider.registeredAt);
    assert.ok(vscode.recorded.logLines.some((l) => /3 models registered in the model picker/.test(l)), vscode.recorded.logLines.join('\n'));
    assert.ok(vscode.recorded.logLines.some((l) => /Activated in [\d.]+ ms/.test(l)));
  });

  it('without a key, says how to set one and calls no network', async () => {
    const { stream, result } = await chat('hello');
    assert.match(stream.text, /Set API Key/);
    assert.deepEqual(stream.buttons, ['openrouterDual.setApiKey']);
    assert.equal(double.chatRequests.length, 0);
    assert.equal(result.metadata?.report, true);
    for (const command of ['models', 'stats']) {
      const report = await chat('', { command });
      assert.match(report.stream.text, /No OpenRouter API key is set/, command);
      assert.ok(report.stream.buttons.includes('openrouterDual.setApiKey'), command);
    }
  });

  it('the status bar warns while no key is set, then names mode and strategy; a click opens the settings', async () => {
    const [item] = vscode.recorded.statusBarItems;
    assert.equal(item.command, 'openrouterDual.openSettings');
    assert.match(item.text, /\$\(warning\)/);
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    await setKey();
    await new Promise((resolve) => setImmediate(resolve));
    vscode.changeSettings({ 'openrouterDual.routingStrategy': 'round_robin' });
    assert.equal(item.text, '$(hubot) OpenRouter: OpenAI · Round robin');
    assert.equal(item.backgroundColor, undefined);
    assert.deepEqual(api.modes().map((m) => [m.label, m.current]), [
      ['OpenAI-compatible', true],
      ['Official OpenRouter SDK', false],
    ]);
  });

  it('the status bar warns when every enabled model is cooling down, and the chat says when one is back', async () => {
    await setKey();
    await new Promise((resolve) => setImmediate(resolve));
    const [item] = vscode.recorded.statusBarItems;
    assert.match(item.text, /^\$\(hubot\)/);
    for (const model of [A, B]) double.script(model, { kind: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfter: '600' });
    const { stream } = await chat('anyone?');
    assert.match(stream.text, /⚠️ .*Retry in 10 min/);
    assert.match(item.text, /^\$\(watch\) OpenRouter/);
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    assert.match(String(item.tooltip), /cooling down/);
  });

  it('answers a prompt with the history, a footer, and follow-ups; the key never reaches the log', async () => {
    await setKey();
    double.script(A, { kind: 'stream', text: ['Second', ' answer.'], usage: { prompt: 20, completion: 2, cost: 0 } });
    const history = [
      new vscode.ChatRequestTurn('first question', undefined, [], 'openrouter-dual.openrouter'),
      new vscode.ChatResponseTurn([new vscode.ChatResponseMarkdownPart(new vscode.MarkdownString('first answer\n\n---\n*footer*'))], { metadata: { answer: 'first answer' } }, 'openrouter-dual.openrouter'),
    ];
    const { stream, result } = await chat('second question', { history });
    assert.match(stream.text, /^Second answer\./);
    assert.match(stream.text, /Answered by `qwen\/qwen3-8b:free`/);
    assert.equal(result.metadata?.answer, 'Second answer.');
    const sent = double.chatRequests[0].body as { messages: { role: string; content: string }[] };
    assert.deepEqual(sent.messages.map((m) => [m.role, m.content]), [
      ['user', 'first question'],
      ['assistant', 'first answer'],
      ['user', 'second question'],
    ]);
    const followups = (participant().followupProvider as { provideFollowups(r: unknown): { command?: string }[] }).provideFollowups(result);
    assert.deepEqual(followups.map((f) => f.command), ['group', 'retry']);
    assert.ok(vscode.recorded.logLines.some((l) => /answered by qwen\/qwen3-8b:free/.test(l)));
    assert.ok(!vscode.recorded.logLines.some((l) => l.includes(KEY)));
  });

  it('honours one of our models picked in the model picker, and routes when Auto is picked', async () => {
    await setKey();
    double.script(B, { kind: 'stream', text: ['Picked B.'] });
    const picked = await chat('which?', { model: { vendor: 'openrouter-dual', id: B, family: B } });
    assert.match(picked.stream.text, /^Picked B\./);
    assert.equal(double.chatRequests[0].model, B);
    double.script(A, { kind: 'stream', text: ['Routed to A.'] });
    const auto = await chat('which?', { model: { vendor: 'openrouter-dual', id: 'auto', family: 'auto' } });
    assert.match(auto.stream.text, /^Routed to A\./, 'failover strategy starts with the first enabled model');
  });

  it('/group answers from several models in separate sections', async () => {
    await setKey();
    vscode.changeSettings({ 'openrouterDual.groupSize': 2 });
    double.script(A, { kind: 'stream', text: ['Alpha.'] });
    double.script(B, { kind: 'stream', text: ['Bravo.'] });
    const { stream } = await chat('compare', { command: 'group' });
    assert.match(stream.text, /### `qwen\/qwen3-8b:free`\n\nAlpha\./);
    assert.match(stream.text, /### `mistralai\/devstral-small-2505:free`\n\nBravo\./);
    assert.equal(double.chatRequests.length, 2);
  });

  it('the stop button aborts the HTTP request', async () => {
    await setKey();
    double.script(A, { kind: 'hang', text: ['Partial'] });
    const source = new vscode.CancellationTokenSource();
    const pending = chat('long', { token: source.token });
    await double.waitForRequests(1);
    const started = Date.now();
    source.cancel();
    const { stream } = await pending;
    assert.ok(Date.now() - started < 5_000);
    assert.ok(!/⚠️/.test(stream.text), 'a cancellation is not reported as an error');
  });

  it('the model-picker provider without a key fails with how to set one, and offers the button', async () => {
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
    await assert.rejects(
      Promise.resolve(provider.provideLanguageModelChatResponse({ id: 'auto' }, messages, {}, { report: () => undefined }, new vscode.CancellationTokenSource().token)),
      /Set API Key/,
    );
    assert.ok(vscode.recorded.messages.some((m) => /No OpenRouter API key/.test(m.text) && m.items.includes('Set API Key')), JSON.stringify(vscode.recorded.messages));
    assert.equal(double.chatRequests.length, 0);
  });

  it('"Test Connection" with the key from OPENROUTER_API_KEY reports the key facts, its source, and who answered', async () => {
    process.env.OPENROUTER_API_KEY = KEY;
    try {
      double.script(A, { kind: 'stream', text: ['pong'] });
      await vscode.commands.executeCommand('openrouterDual.testConnection');
      const [report] = vscode.recorded.messages;
      assert.equal(report?.level, 'info', JSON.stringify(vscode.recorded.messages));
      assert.match(report.text, /^Connection works: qwen\/qwen3-8b:free answered in \d+ ms .* via the OpenAI-compatible mode\./);
      assert.match(report.text, /from the OPENROUTER_API_KEY environment variable/);
      assert.ok(!report.text.includes(KEY));
    } finally {
      delete process.env.OPENROUTER_API_KEY;
    }
  });

  it('"Test Connection" cancelled from its notification aborts the request and reports no failure', async () => {
    await setKey();
    double.script(A, { kind: 'hang', text: [] });
    const running = vscode.commands.executeCommand('openrouterDual.testConnection');
    await double.waitForRequests(1);
    vscode.recorded.progress.at(-1)!.cancel();
    await running;
    assert.deepEqual(vscode.recorded.messages.filter((m) => m.level === 'error'), []);
  });

  it('the model-picker provider streams text and passes tools and tool calls through', async () => {
    await setKey();
    double.script(B, { kind: 'stream', text: ['Calling.'], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }], finishReason: 'tool_calls' });
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const reported: unknown[] = [];
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('find x')], name: undefined }];
    const tools = [{ name: 'lookup', description: 'Looks up', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
    await provider.provideLanguageModelChatResponse({ id: B }, messages, { tools, toolMode: 1 }, { report: (p: unknown) => reported.push(p) }, new vscode.CancellationTokenSource().token);
    const text = reported.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('');
    const calls = reported.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.equal(text, 'Calling.');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'lookup');
    assert.deepEqual(calls[0].input, { q: 'x' });
    const body = double.chatRequests[0].body as { model: string; tools?: { function: { name: string } }[] };
    assert.equal(body.model, B);
    assert.equal(body.tools?.[0].function.name, 'lookup');
  });

  it('"Refresh Free Models" reports the list, or keeps the old one and says why', async () => {
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    double.setModelsBehavior('http-500');
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    const [first, second] = vscode.recorded.messages;
    assert.equal(first?.level, 'info');
    assert.match(first.text, /^\d+ free models available\./);
    assert.equal(second?.level, 'error');
    assert.match(second.text, /Could not refresh the model list; the previous list is kept\./);
  });

  it('"Switch Provider Mode" and "Switch Routing Strategy" offer every choice and write the picked one', async () => {
    vscode.recorded.quickPickAnswers.push('Official OpenRouter SDK', 'Least used');
    await vscode.commands.executeCommand('openrouterDual.switchProviderMode');
    await vscode.commands.executeCommand('openrouterDual.switchRoutingStrategy');
    assert.deepEqual(vscode.recorded.quickPicks, [
      ['OpenAI-compatible', 'Official OpenRouter SDK'],
      ['Round robin', 'Random', 'Least used', 'Fastest first', 'Failover'],
    ]);
    assert.equal(api.getConfiguration().providerMode, 'openrouter_sdk');
    assert.equal(api.routerConfiguration().strategy, 'least_used');
  });

  it('"Set API Key" stores the trimmed key, checks it with GET /key and reports; "Clear API Key" removes it; the key is never shown', async () => {
    vscode.recorded.inputBoxAnswers.push(`  ${KEY}  `);
    await vscode.commands.executeCommand('openrouterDual.setApiKey');
    assert.equal(context.secretValues.get('openrouterDual.apiKey'), KEY);
    const [saved] = vscode.recorded.messages;
    assert.equal(saved?.level, 'info', JSON.stringify(vscode.recorded.messages));
    assert.match(saved.text, /API key saved and accepted by OpenRouter/);
    await vscode.commands.executeCommand('openrouterDual.clearApiKey');
    assert.equal(context.secretValues.has('openrouterDual.apiKey'), false);
    assert.match(vscode.recorded.messages[1]?.text ?? '', /The API key was removed/);
    const shown = [...vscode.recorded.messages.map((m) => m.text), ...vscode.recorded.logLines].join('\n');
    assert.ok(!shown.includes(KEY), shown);
    // Escape in the key box is the user's choice, not an error.
    await vscode.commands.executeCommand('openrouterDual.setApiKey');
    assert.equal(vscode.recorded.messages.length, 2, JSON.stringify(vscode.recorded.messages.slice(2)));
  });

  it('a chat after the model list went stale refreshes it in the background, and still answers at once', async () => {
    await setKey();
    const modelListFetches = () => double.requests.filter((r) => r.path.endsWith('/models')).length;
    // Activation read the (empty) disk cache and fetched the list once.
    for (let i = 0; i < 250 && modelListFetches() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(modelListFetches(), 1);
    // Refresh Free Models joins a refresh still under way (or fetches once more): once it returns, none
    // is in flight, so the stale chat below is the only thing that can start one. A busy machine can
    // keep activation's refresh running past the stale chat, and a chat rightly starts no second one.
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    const before = modelListFetches();
    await chat('fresh list');
    assert.equal(modelListFetches(), before, 'a fresh list is not fetched again');

    const realNow = Date.now;
    Date.now = () => realNow() + 2 * 60 * 60_000; // two hours later: past modelListMaxAgeMinutes (60)
    try {
      double.script(A, { kind: 'stream', text: ['Served from the stale list.'] });
      const { stream } = await chat('stale list');
      assert.match(stream.text, /^Served from the stale list\./);
      for (let i = 0; i < 100 && modelListFetches() === before; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(modelListFetches(), before + 1, 'the stale list was refreshed');
    } finally {
      Date.now = realNow;
    }
  });

  it('/models lists the models with working Enable/Disable links, and the last model cannot be disabled', async () => {
    await setKey();
    const { stream } = await chat('', { command: 'models' });
    const link = (label: string, id: string) => {
      const m = [...stream.text.matchAll(/\[([^\]]+)\]\(command:openrouterDual\.toggleModel\?([^)]+)\)/g)].find(
        (x) => x[1] === label && (JSON.parse(decodeURIComponent(x[2])) as unknown[])[0] === id,
      );
      assert.ok(m, `no ${label} link for ${id} in:\n${stream.text}`);
      return JSON.parse(decodeURIComponent(m[2])) as unknown[];
    };
    assert.ok(stream.buttons.includes('openrouterDual.toggleModel'));
    await vscode.commands.executeCommand('openrouterDual.toggleModel', ...link('Disable', B));
    assert.deepEqual(api.getConfiguration().enabledModels, [A]);
    assert.deepEqual(api.models().map((m) => m.id), [A]);
    await vscode.commands.executeCommand('openrouterDual.toggleModel', ...link('Disable', A));
    assert.deepEqual(api.getConfiguration().enabledModels, [A]);
    assert.deepEqual(vscode.recorded.messages.map((m) => m.level), ['info', 'error']);
    assert.match(vscode.recorded.messages[1].text, /At least one model must stay enabled/);
    await vscode.commands.executeCommand('openrouterDual.toggleModel', ...link('Enable', 'qwen/qwq-32b:free'));
    assert.deepEqual(api.getConfiguration().enabledModels, [A, 'qwen/qwq-32b:free']);
  });

  it('Enable Other Models keeps enabled paid models checked and the priority order, and appends new picks', async () => {
    await setKey();
    const payload = buildModelsPayload() as { data: { id: string; pricing: { prompt: string } }[] };
    const paid = payload.data.find((m) => !m.id.endsWith(':free') && Number(m.pricing.prompt) > 0)!.id;
    vscode.changeSettings({ 'openrouterDual.freeModelsOnly': false, 'openrouterDual.enabledModels': [B, paid, A] });
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    assert.deepEqual(api.getConfiguration().enabledModels, [B, paid, A]);
    vscode.recorded.multiPickAnswers.push([A, paid, B, 'qwen/qwq-32b:free']);
    await vscode.commands.executeCommand('openrouterDual.toggleModel');
    const offered = vscode.recorded.multiPickOffered.at(-1)!;
    assert.ok(offered.some((i) => i.label === paid && i.picked), `the paid model is offered, checked: ${JSON.stringify(offered.filter((i) => i.picked))}`);
    assert.deepEqual(api.getConfiguration().enabledModels, [B, paid, A, 'qwen/qwq-32b:free']);
  });

  it('Export writes every setting and no key; Import of a bad file changes nothing and says why; a good one applies', async () => {
    await setKey();
    const file = vscode.Uri.file(join(storage, 'exported.json'));
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.exportConfiguration');
    const exported = readFileSync(file.fsPath, 'utf8');
    assert.ok(!exported.includes(KEY));
    const doc = JSON.parse(exported) as { settings: Record<string, unknown> };
    assert.deepEqual(doc.settings['openrouterDual.enabledModels'], [A, B]);

    doc.settings['openrouterDual.groupSize'] = 4;
    doc.settings['openrouterDual.maxRetries'] = 'many';
    writeFileSync(file.fsPath, JSON.stringify(doc));
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.equal(api.getConfiguration().groupSize, 3, 'a refused file changed a setting');
    const refused = vscode.recorded.messages.at(-1);
    assert.equal(refused?.level, 'error');
    assert.match(refused.text, /Nothing was imported .*openrouterDual\.maxRetries/);

    doc.settings['openrouterDual.maxRetries'] = 1;
    writeFileSync(file.fsPath, JSON.stringify(doc));
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.equal(api.getConfiguration().groupSize, 4);
    assert.equal(api.getConfiguration().maxRetries, 1);

    // Closing the dialog is not an error.
    const before = vscode.recorded.messages.length;
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.equal(vscode.recorded.messages.length, before);
  });

  it('warns once per invalid setting, naming it, and applies changes without a reload', async () => {
    vscode.changeSettings({ 'openrouterDual.maxRetries': 99 });
    vscode.changeSettings({ 'openrouterDual.groupSize': 4 });
    const warnings = vscode.recorded.messages.filter((m) => m.level === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0].text, /openrouterDual\.maxRetries is invalid/);
    assert.deepEqual(warnings[0].items, ['Open Settings']);
    assert.equal(api.getConfiguration().maxRetries, 2);
    assert.equal(api.getConfiguration().groupSize, 4);
    assert.ok(vscode.recorded.logLines.some((l) => l.includes('openrouterDual.groupSize: 3 -> 4')));
  });

  it("the router's own messages follow VS Code's display language", async () => {
    await setKey();
    vscode.env.language = 'zh-cn';
    try {
      const failures: string[] = [];
      for await (const e of api.chat({ messages: [{ role: 'user', content: 'x' }], signal: AbortSignal.abort() })) if (e.type === 'failed') failures.push(e.failure.message);
      assert.deepEqual(failures, ['已取消。']);
    } finally {
      vscode.env.language = 'en';
    }
  });

  it('the API refuses invalid values and streams chats', async () => {
    assert.equal((await api.setConfiguration('routingStrategy', 'sideways')).ok, false);
    assert.equal((await api.setConfiguration('routingStrategy', 'round_robin')).ok, true);
    assert.equal(api.routerConfiguration().strategy, 'round_robin');
    api.getConfiguration().enabledModels.push('edited/by-caller:free');
    assert.deepEqual(api.getConfiguration().enabledModels, [A, B], 'a caller editing the returned object changed the settings');
    const noKey: string[] = [];
    for await (const e of api.chat({ messages: [{ role: 'user', content: 'x' }] })) noKey.push(e.type);
    assert.deepEqual(noKey, ['failed']);
    await setKey();
    double.script(A, { kind: 'stream', text: ['Via API.'] });
    let text = '';
    for await (const e of api.chat({ messages: [{ role: 'user', content: 'x' }], model: A })) if (e.type === 'text') text += e.text;
    assert.equal(text, 'Via API.');
  });
});

describe('host: activate() with a broken secret store', () => {
  it('still activates and logs why the key could not be read', async () => {
    vscode.recorded.reset();
    // Never the public address: a closed local port.
    vscode.recorded.settings.set('openrouterDual.baseUrl', 'http://127.0.0.1:9/api/v1');
    const storage = mkdtempSync(join(tmpdir(), 'host-activation-'));
    const context = vscode.createContext(storage);
    context.secrets.get = () => Promise.reject(new Error('no OS keyring'));
    try {
      await ext.activate(context as never);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(vscode.recorded.logLines.some((l) => /^error Could not read the API key.*no OS keyring/.test(l)), vscode.recorded.logLines.join('\n'));
    } finally {
      await ext.deactivate();
      for (const d of context.subscriptions) d.dispose();
      await removeDir(storage);
    }
  });
});

describe('host: the output channel', () => {
  it('redacts the keys in use and key-shaped strings of other services', () => {
    vscode.recorded.reset();
    const log = new RedactingLog(() => ['my-proxy-secret-1']);
    log.warn('proxy key my-proxy-secret-1 refused; also tried sk-or-v1-abc_DEF-123, Bearer tok.en and sk-proj1234567890abcdefgh');
    log.dispose();
    const [line] = vscode.recorded.logLines;
    for (const secret of ['my-proxy-secret-1', 'abc_DEF-123', 'tok.en', 'sk-proj1234567890abcdefgh']) assert.ok(!line.includes(secret), line);
  });
});
