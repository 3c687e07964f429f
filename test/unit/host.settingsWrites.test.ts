// Setting writes under VS Code's real timing: `update` is asynchronous, may be slow, may fail, and
// the change event comes after it resolved. Nothing the user changed is lost, and a configuration
// import applies completely or not at all.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
const C = 'qwen/qwq-32b:free';
const D = 'deepseek/deepseek-r1:free';

type Api = Awaited<ReturnType<typeof ext.activate>>;

describe('host: setting writes with a slow, asynchronous, failing settings store', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;
  let api: Api;

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  beforeEach(async () => {
    double.reset();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-writes-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B, C]);
    context = vscode.createContext(storage);
    api = await ext.activate(context as never);
    await vscode.commands.executeCommand('openrouterDual.refreshModels');
    vscode.recorded.messages.length = 0;
    vscode.recorded.updateDelayMs = 5;
  });
  afterEach(async () => {
    await tearDownHost(context, storage);
  });
  after(() => double.close());

  const stored = (key: string) => vscode.recorded.settings.get(`openrouterDual.${key}`);
  const importFile = (settings: Record<string, unknown>) => {
    const file = vscode.Uri.file(join(storage, 'import.json'));
    writeFileSync(file.fsPath, JSON.stringify({ settings }));
    vscode.recorded.dialogAnswers.push(file);
  };

  it('two quick model toggles keep both changes', async () => {
    await Promise.all([
      vscode.commands.executeCommand('openrouterDual.toggleModel', A, false),
      vscode.commands.executeCommand('openrouterDual.toggleModel', D, true),
    ]);
    assert.deepEqual(stored('enabledModels'), [B, C, D]);
    assert.deepEqual(api.getConfiguration().enabledModels, [B, C, D]);
  });

  it('toggles and other writes from commands and the API at once all land', async () => {
    await Promise.all([
      vscode.commands.executeCommand('openrouterDual.toggleModel', B, false),
      vscode.commands.executeCommand('openrouterDual.toggleModel', C, false),
      api.setConfiguration('groupSize', 5),
      vscode.commands.executeCommand('openrouterDual.toggleModel', D, true),
    ]);
    assert.deepEqual(stored('enabledModels'), [A, D]);
    assert.equal(stored('groupSize'), 5);
  });

  it('an import whose third write fails leaves every setting as before, and says which failed and that nothing changed', async () => {
    vscode.changeSettings({ 'openrouterDual.maxRetries': 3 });
    const before = new Map(vscode.recorded.settings);
    const configBefore = api.getConfiguration();
    importFile({
      'openrouterDual.groupSize': 4,
      'openrouterDual.maxRetries': 1,
      'openrouterDual.routingStrategy': 'round_robin',
      'openrouterDual.showReasoning': false,
    });
    vscode.recorded.failUpdate('openrouterDual.routingStrategy');
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    // Let any late change events arrive.
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(new Map(vscode.recorded.settings), before);
    assert.deepEqual(api.getConfiguration(), configBefore);
    const shown = vscode.recorded.messages.at(-1);
    assert.equal(shown?.level, 'error');
    assert.match(shown.text, /openrouterDual\.routingStrategy/);
    assert.match(shown.text, /nothing (was )?changed/i);
    assert.ok(vscode.recorded.logLines.some((l) => /import/i.test(l) && /routingStrategy/.test(l)), vscode.recorded.logLines.join('\n'));
  });

  it('a good import applies every setting and the page sees them after it resolves', async () => {
    importFile({ 'openrouterDual.groupSize': 4, 'openrouterDual.maxRetries': 1, 'openrouterDual.routingStrategy': 'round_robin' });
    await vscode.commands.executeCommand('openrouterDual.importConfiguration');
    const config = api.getConfiguration();
    assert.deepEqual([config.groupSize, config.maxRetries, config.routingStrategy], [4, 1, 'round_robin']);
    assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /Imported 3 settings/);
  });

  it('a failed single write says so and changes nothing', async () => {
    vscode.recorded.failUpdate('openrouterDual.groupSize');
    const result = await api.setConfiguration('groupSize', 6);
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /openrouterDual\.groupSize/);
    assert.equal(api.getConfiguration().groupSize, 3);
    // The queue goes on after a failure.
    assert.equal((await api.setConfiguration('groupSize', 5)).ok, true);
    assert.equal(api.getConfiguration().groupSize, 5);
  });
});
