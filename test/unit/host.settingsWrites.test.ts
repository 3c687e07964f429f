// Setting writes under VS Code's real timing: `update` is asynchronous, may be slow, may fail, and
// the change event comes after it resolved. Nothing the user changed is lost, and a configuration
// import applies completely or not at all. The writer runs over the real settings reader and the
// stand-in's settings store; the models in use and the key-host gate are small fakes.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import { HostSettings } from '../../src/host/settings/hostSettings';
import { importConfig, setSetting, toggleModel, type GuardedWrites, type ModelToggles } from '../../src/host/settings/settingsWriter';
import { RedactingLog } from '../../src/host/status/log';
import { removeDir } from './tempDirs';

const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
const C = 'qwen/qwq-32b:free';
const D = 'deepseek/deepseek-r1:free';

describe('host: setting writes with a slow, asynchronous, failing settings store', function () {
  this.timeout(30_000);
  let storage: string;
  let settings: HostSettings;
  let log: RedactingLog;
  let writes: ModelToggles & GuardedWrites;

  beforeEach(() => {
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-writes-'));
    vscode.recorded.settings.set('openrouterDual.enabledModels', [A, B, C]);
    log = new RedactingLog(() => []);
    settings = new HostSettings(log);
    writes = {
      settings,
      log,
      models: { enabledModelIds: () => settings.config.enabledModels },
      keyHosts: { check: async () => ({ ok: true }) },
    };
    vscode.recorded.updateDelayMs = 5;
  });
  afterEach(async () => {
    settings.dispose();
    log.dispose();
    await removeDir(storage);
  });

  const stored = (key: string) => vscode.recorded.settings.get(`openrouterDual.${key}`);
  const importFile = (settings: Record<string, unknown>) => {
    const file = vscode.Uri.file(join(storage, 'import.json'));
    writeFileSync(file.fsPath, JSON.stringify({ settings }));
    vscode.recorded.dialogAnswers.push(file);
  };

  it('two quick model toggles keep both changes', async () => {
    await Promise.all([toggleModel(writes, A, false), toggleModel(writes, D, true)]);
    assert.deepEqual(stored('enabledModels'), [B, C, D]);
    assert.deepEqual(settings.config.enabledModels, [B, C, D]);
  });

  it('toggles and other writes at once all land', async () => {
    await Promise.all([toggleModel(writes, B, false), toggleModel(writes, C, false), setSetting(writes, 'groupSize', 5), toggleModel(writes, D, true)]);
    assert.deepEqual(stored('enabledModels'), [A, D]);
    assert.equal(stored('groupSize'), 5);
  });

  it('an import whose third write fails leaves every setting as before, and says which failed and that nothing changed', async () => {
    vscode.changeSettings({ 'openrouterDual.maxRetries': 3 });
    const before = new Map(vscode.recorded.settings);
    const configBefore = settings.config;
    importFile({
      'openrouterDual.groupSize': 4,
      'openrouterDual.maxRetries': 1,
      'openrouterDual.routingStrategy': 'round_robin',
      'openrouterDual.showReasoning': false,
    });
    vscode.recorded.failUpdate('openrouterDual.routingStrategy');
    const result = await importConfig(writes);
    // Let any late change events arrive.
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(new Map(vscode.recorded.settings), before);
    assert.deepEqual(settings.config, configBefore);
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /openrouterDual\.routingStrategy/);
    assert.match(result.message ?? '', /nothing (was )?changed/i);
    assert.ok(vscode.recorded.logLines.some((l) => /import/i.test(l) && /routingStrategy/.test(l)), vscode.recorded.logLines.join('\n'));
  });

  it('a good import applies every setting and the page sees them after it resolves', async () => {
    importFile({ 'openrouterDual.groupSize': 4, 'openrouterDual.maxRetries': 1, 'openrouterDual.routingStrategy': 'round_robin' });
    const result = await importConfig(writes);
    const config = settings.config;
    assert.deepEqual([config.groupSize, config.maxRetries, config.routingStrategy], [4, 1, 'round_robin']);
    assert.match(result.message ?? '', /Imported 3 settings/);
  });

  it('a failed single write says so and changes nothing', async () => {
    vscode.recorded.failUpdate('openrouterDual.groupSize');
    const result = await setSetting(writes, 'groupSize', 6);
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /openrouterDual\.groupSize/);
    assert.equal(settings.config.groupSize, 3);
    // The queue goes on after a failure.
    assert.equal((await setSetting(writes, 'groupSize', 5)).ok, true);
    assert.equal(settings.config.groupSize, 5);
  });
});
