// The key goes only where the user sent it: a workspace or folder cannot set the base URL, a host
// other than OpenRouter or loopback gets the key only after a modal "Send Key", plain http only to
// loopback, and an imported configuration that moves the base URL asks the same question.
//
// The "foreign" host is a second double served over https on this machine's first non-loopback
// IPv4 address (its real eth0/Wi-Fi address: nothing in the extension is stubbed or injected, it
// sees a genuine non-loopback host). Its certificate (test/fixtures/tls, self-signed, for tests
// only) is accepted by turning off certificate checks in this process while those tests run:
// what is under test is which host gets the key, not TLS validation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble, type RecordedRequest } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { keyDestination } from '../../src/host/key/checks/keyDestination';
import { settingInFile } from '../../src/host/settings/mapping/settingsFile';
import { removeDir } from './tempDirs';
import { RecordingStream } from './chatRecording';
import { tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const KEY = 'sk-or-v1-key-host-gate';
const SEND = 'Send Key';
type Api = Awaited<ReturnType<typeof ext.activate>>;

/** This machine's first non-loopback IPv4 address, if it has one. */
function externalAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const e of entries ?? []) if (e.family === 'IPv4' && !e.internal) return e.address;
  }
  return undefined;
}

const carriesKey = (r: RecordedRequest) => String(r.headers.authorization ?? '').includes(KEY);


describe('where the key goes: keyDestination', () => {
  it('trusts https://openrouter.ai and loopback; asks for other https hosts; refuses http elsewhere', () => {
    const kind = (url: string) => keyDestination(url).kind;
    assert.equal(kind('https://openrouter.ai/api/v1'), 'trusted');
    assert.equal(kind('https://OpenRouter.ai./api/v1'), 'trusted');
    for (const url of ['http://127.0.0.1:8080/v1', 'http://127.9.9.9/v1', 'http://127.1/v1', 'http://localhost:1/v1', 'http://[::1]:3/v1', 'https://[::ffff:127.0.0.1]/v1']) {
      assert.equal(kind(url), 'trusted', url);
    }
    assert.equal(kind('http://openrouter.ai/api/v1'), 'insecure');
    assert.equal(kind('http://192.0.2.2:8080/v1'), 'insecure');
    assert.equal(kind('http://openrouter.ai.evil.example/v1'), 'insecure');
    assert.equal(kind('https://openrouter.ai.evil.example/v1'), 'confirm');
    assert.equal(kind('https://localhost.evil.example/v1'), 'confirm');
    assert.equal(kind('https://128.0.0.1/v1'), 'confirm');
    assert.equal(kind('https://proxy.example:8443/api/v1'), 'confirm');
    assert.deepEqual(keyDestination('https://proxy.example:8443/api/v1'), { kind: 'confirm', origin: 'https://proxy.example:8443' });
    assert.equal(kind('ftp://proxy.example/'), 'invalid');
    assert.equal(kind('not a url'), 'invalid');
  });
});

describe('settings files as VS Code writes them: settingInFile', () => {
  it('reads past comments and trailing commas, and leaves strings holding // , } or quotes alone', () => {
    const text = '{\n  // "x": "commented",\n  /* "x": "blocked", */\n  "y": "a,} // b /* c",\n  "x": "https://h/\\"q",\n  "z": [1, 2,],\n}\n';
    assert.equal(settingInFile(text, 'x'), 'https://h/"q');
    assert.equal(settingInFile(text, 'y'), 'a,} // b /* c');
    assert.deepEqual(settingInFile(text, 'z'), [1, 2]);
    assert.equal(settingInFile(text, 'missing'), undefined);
    assert.equal(settingInFile('{ "x": ', 'x'), undefined, 'a broken file sets nothing');
    assert.equal(settingInFile('[1]', 'x'), undefined);
  });
});

describe('host: the key goes only where the user sent it', function () {
  this.timeout(30_000);
  const address = externalAddress();
  let local: OpenRouterDouble;
  let foreign: OpenRouterDouble | undefined;
  let plainForeign: OpenRouterDouble | undefined;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  let api: Api;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;
  const savedTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  const tls = () => ({ key: readFileSync(join(__dirname, '..', 'fixtures', 'tls', 'foreign.key.pem'), 'utf8'), cert: readFileSync(join(__dirname, '..', 'fixtures', 'tls', 'foreign.cert.pem'), 'utf8') });

  before(async () => {
    delete process.env.OPENROUTER_API_KEY;
    local = await OpenRouterDouble.start();
    if (address) {
      foreign = await OpenRouterDouble.start({ host: address, tls: tls() });
      plainForeign = await OpenRouterDouble.start({ host: address });
    }
  });
  after(async () => {
    await Promise.all([local.close(), foreign?.close(), plainForeign?.close()]);
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  /** Activates with these user (and workspace/folder) settings and a stored key. */
  async function start(user: Record<string, unknown>, layers: { workspace?: Record<string, unknown>; folder?: Record<string, unknown> } = {}) {
    for (const d of [local, foreign, plainForeign]) d?.reset();
    vscode.recorded.reset();
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A]);
    for (const [k, v] of Object.entries(user)) vscode.recorded.settings.set(k, v);
    for (const [k, v] of Object.entries(layers.workspace ?? {})) vscode.recorded.workspaceSettings.set(k, v);
    for (const [k, v] of Object.entries(layers.folder ?? {})) vscode.recorded.folderSettings.set(k, v);
    storage = mkdtempSync(join(tmpdir(), 'host-key-host-'));
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', KEY);
    api = await ext.activate(context as never);
  }
  afterEach(async () => {
    await tearDownHost(context, storage);
    if (savedTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = savedTls;
  });

  const chat = async (prompt: string) => {
    const stream = new RecordingStream();
    const request = { prompt, command: undefined, references: [], model: { vendor: 'copilot', id: 'x', family: 'x' } };
    const participant = vscode.recorded.participants.get('openrouter-dual.openrouter')!;
    await participant.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    return stream;
  };
  const needForeign = (self: Mocha.Context) => {
    if (!foreign || !plainForeign) self.skip(); // no non-loopback interface on this machine
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    return { foreign: foreign!, plainForeign: plainForeign! };
  };

  it('a folder or workspace value of baseUrl is ignored, reported once, and the chat still goes to the user setting', async () => {
    const evil = 'https://collector.example/api/v1';
    await start({ 'openrouterDual.baseUrl': local.baseUrl }, { folder: { 'openrouterDual.baseUrl': evil }, workspace: { 'openrouterDual.baseUrl': 'http://other.example/v1' } });
    assert.equal(api.getConfiguration().baseUrl, local.baseUrl);
    const warnings = vscode.recorded.messages.filter((m) => m.level === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0].text, /openrouterDual\.baseUrl = "https:\/\/collector\.example\/api\/v1" in the workspace folder settings \(\.vscode\/settings\.json\) is ignored/);
    assert.ok(warnings[0].text.includes(`Using "${local.baseUrl}"`), warnings[0].text);
    assert.deepEqual(warnings[0].items, ['Open Settings']);

    local.script(A, { kind: 'stream', text: ['Here.'] });
    const stream = await chat('hello');
    assert.match(stream.text, /^Here\./);
    assert.ok(local.chatRequests.every(carriesKey) && local.chatRequests.length === 1);
    assert.deepEqual(vscode.recorded.modals, []);

    // A later settings change does not repeat the warning.
    vscode.changeSettings({ 'openrouterDual.groupSize': 4 });
    assert.equal(vscode.recorded.messages.filter((m) => m.level === 'warning').length, 1);
    // A write of baseUrl (page, command, API) goes to the user settings, where it is read, not to the folder.
    const moved = local.baseUrl.replace('127.0.0.1', 'localhost');
    assert.deepEqual(await api.setConfiguration('baseUrl', moved), { ok: true });
    assert.equal(api.getConfiguration().baseUrl, moved);
    assert.equal(vscode.recorded.settings.get('openrouterDual.baseUrl'), moved);
    assert.equal(vscode.recorded.folderSettings.get('openrouterDual.baseUrl'), evil);
  });

  it('a folder value VS Code itself dropped (application scope) is still reported, read from .vscode/settings.json', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'host-key-folder-'));
    try {
      mkdirSync(join(folder, '.vscode'));
      // As a cloned repository might ship it: comments, a trailing comma, a URL with `//` in a string.
      writeFileSync(
        join(folder, '.vscode', 'settings.json'),
        '{\n  // "openrouterDual.baseUrl": "https://commented.example",\n  "openrouterDual.baseUrl": "https://collector.example/api/v1", /* ours */\n  "editor.tabSize": 2,\n}\n',
      );
      vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file(folder), name: 'repo', index: 0 }];
      // No inspect() value: VS Code filters an application-scoped setting out of workspace settings.
      await start({ 'openrouterDual.baseUrl': local.baseUrl });
      let warnings: typeof vscode.recorded.messages = [];
      for (let i = 0; i < 200 && warnings.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        warnings = vscode.recorded.messages.filter((m) => m.level === 'warning');
      }
      assert.equal(warnings.length, 1, JSON.stringify(vscode.recorded.messages));
      assert.match(warnings[0].text, /openrouterDual\.baseUrl = "https:\/\/collector\.example\/api\/v1" in the workspace folder settings \(\.vscode\/settings\.json\) is ignored/);
      assert.equal(api.getConfiguration().baseUrl, local.baseUrl);
    } finally {
      vscode.workspace.workspaceFolders = undefined;
      await removeDir(folder);
    }
  });

  it('without a user value, a workspace value falls back to the default, not to the workspace host', async () => {
    await start({}, { workspace: { 'openrouterDual.baseUrl': 'https://collector.example/api/v1' } });
    assert.equal(api.getConfiguration().baseUrl, 'https://openrouter.ai/api/v1');
    const [warning] = vscode.recorded.messages.filter((m) => m.level === 'warning');
    assert.match(warning.text, /in the workspace settings is ignored.*Using "https:\/\/openrouter\.ai\/api\/v1"/);
  });

  it('a refused foreign host gets no request with the key, on every path; a confirmed one gets it and is not asked again', async function () {
    const { foreign } = needForeign(this);
    await start({ 'openrouterDual.baseUrl': foreign.baseUrl });
    const origin = foreign.url;

    // Chat: asked, refused.
    const refused = await chat('hello');
    assert.equal(vscode.recorded.modals.length, 1);
    assert.equal(vscode.recorded.modals[0].text, `Send your OpenRouter key to ${origin}?`);
    assert.deepEqual(vscode.recorded.modals[0].items, [SEND]);
    assert.match(refused.text, new RegExp(`Your OpenRouter key was not sent to ${origin.replace(/[.]/g, '\\.')}: that host was not confirmed`));
    assert.deepEqual(refused.buttonsWithArgs, ['workbench.action.openSettings openrouterDual.baseUrl']);

    // Model picker, the API, Test Connection, Set API Key: each asks, each refused, none sends.
    const { provider } = vscode.recorded.modelProviders.get('openrouter-dual')!;
    const messages = [{ role: 1, content: [new vscode.LanguageModelTextPart('hi')], name: undefined }];
    await assert.rejects(
      Promise.resolve(provider.provideLanguageModelChatResponse({ id: 'auto' }, messages, {}, { report: () => undefined }, new vscode.CancellationTokenSource().token)),
      /was not sent to .*not confirmed/,
    );
    const failures: string[] = [];
    for await (const e of api.chat({ messages: [{ role: 'user', content: 'x' }] })) if (e.type === 'failed') failures.push(e.failure.message);
    assert.match(failures.join(), /not confirmed/);
    const connection = await api.testConnection();
    assert.equal(connection.ok, false);
    assert.match(connection.summary, /not confirmed/);
    vscode.recorded.inputBoxAnswers.push('sk-or-v1-another-key');
    await vscode.commands.executeCommand('openrouterDual.setApiKey');
    assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /The key was saved, but not checked: .*not confirmed/);
    assert.equal(vscode.recorded.modals.length, 5, 'each path asked');
    assert.deepEqual(foreign.requests.filter((r) => r.headers.authorization !== undefined), [], 'the refused host got a key');
    assert.deepEqual(foreign.chatRequests, []);
    assert.deepEqual(context.state.get('openrouterDual.confirmedKeyHosts'), undefined);

    // Confirmed: the key goes there, and the answer is remembered.
    await context.secrets.store('openrouterDual.apiKey', KEY);
    vscode.recorded.modalAnswers.push(SEND);
    foreign.script(A, { kind: 'stream', text: ['From the proxy.'] });
    const confirmed = await chat('hello');
    assert.match(confirmed.text, /^From the proxy\./);
    assert.equal(foreign.chatRequests.length, 1);
    assert.ok(carriesKey(foreign.chatRequests[0]));
    assert.deepEqual(context.state.get('openrouterDual.confirmedKeyHosts'), [origin]);
    foreign.script(A, { kind: 'stream', text: ['Again.'] });
    assert.match((await chat('again')).text, /^Again\./);
    assert.equal(vscode.recorded.modals.length, 6, 'asked once per host');
    assert.deepEqual(local.requests, []);
  });

  it('plain http to a non-loopback host is refused without asking, and nothing is sent', async function () {
    const { plainForeign } = needForeign(this);
    await start({ 'openrouterDual.baseUrl': plainForeign.baseUrl });
    const stream = await chat('hello');
    assert.match(stream.text, /plain http:\/\/ is allowed only for this machine/);
    assert.deepEqual(vscode.recorded.modals, []);
    const connection = await api.testConnection();
    assert.match(connection.summary, /plain http:\/\//);
    assert.deepEqual(plainForeign.requests.filter(carriesKey), []);
    assert.deepEqual(plainForeign.chatRequests, []);
  });

  it('an import that moves the base URL to a foreign host asks; refused, nothing of it applies; confirmed, all of it does', async () => {
    await start({ 'openrouterDual.baseUrl': local.baseUrl });
    const file = vscode.Uri.file(join(storage, 'import.json'));
    writeFileSync(file.fsPath, JSON.stringify({ 'openrouterDual.baseUrl': 'https://proxy.example:8443/api/v1', 'openrouterDual.groupSize': 4 }));

    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.deepEqual(vscode.recorded.modals.map((m) => m.text), ['Send your OpenRouter key to https://proxy.example:8443?']);
    assert.equal(api.getConfiguration().baseUrl, local.baseUrl);
    assert.equal(api.getConfiguration().groupSize, 3);
    const refused = vscode.recorded.messages.at(-1);
    assert.equal(refused?.level, 'error');
    assert.match(refused.text, /^Nothing was imported from .*import\.json: it sets openrouterDual\.baseUrl to https:\/\/proxy\.example:8443\/api\/v1, and sending your key there was not confirmed\. The base URL stays http:\/\/127\.0\.0\.1/);

    // http to another host is refused without a question.
    writeFileSync(file.fsPath, JSON.stringify({ 'openrouterDual.baseUrl': 'http://proxy.example/api/v1', 'openrouterDual.groupSize': 4 }));
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.equal(vscode.recorded.modals.length, 1);
    assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /^Nothing was imported .*plain http:\/\/.*The base URL stays/);
    assert.equal(api.getConfiguration().groupSize, 3);

    // Confirmed: applied, and the host is remembered.
    writeFileSync(file.fsPath, JSON.stringify({ 'openrouterDual.baseUrl': 'https://proxy.example:8443/api/v1', 'openrouterDual.groupSize': 4 }));
    vscode.recorded.modalAnswers.push(SEND);
    vscode.recorded.dialogAnswers.push(file);
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    assert.equal(api.getConfiguration().baseUrl, 'https://proxy.example:8443/api/v1');
    assert.equal(api.getConfiguration().groupSize, 4);
    assert.deepEqual(context.state.get('openrouterDual.confirmedKeyHosts'), ['https://proxy.example:8443']);
    // The import sent nothing with the key; only the start's account check (GET /key, to the loopback
    // host the user configured, which needs no question) may have.
    assert.deepEqual(local.requests.filter(carriesKey).map((r) => r.path).filter((p) => !p.endsWith('/key')), []);
  });
});
