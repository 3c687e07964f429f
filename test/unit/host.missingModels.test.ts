// An enabled model that OpenRouter's live list no longer has is not swapped out silently: the user
// is told once which model is missing and what answers instead.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import { buildModelsPayload } from '../fixtures/modelsPayload';
// The stand-in installs itself on import, so it must come before anything that imports `vscode`.
import * as vscode from './vscodeStub';
import * as ext from '../../src/extension';
import { removeDir } from './tempDirs';
import { tearDownHost } from './hostLifecycle';

const A = 'qwen/qwen3-8b:free';
const B = 'mistralai/devstral-small-2505:free';
const payload = buildModelsPayload() as { data: { id: string }[] };
const without = (...ids: string[]) => ({ data: payload.data.filter((m) => !ids.includes(m.id)) });

describe('host: enabled models missing from the live list', function () {
  this.timeout(30_000);
  let double: OpenRouterDouble;
  let storage: string;
  let context: ReturnType<typeof vscode.createContext>;

  before(async () => {
    double = await OpenRouterDouble.start();
  });
  after(() => double.close());
  afterEach(async () => {
    await tearDownHost(context, storage);
  });

  async function start(enabled: string[], served: unknown): Promise<void> {
    double.reset();
    double.setModelsPayload(served);
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'host-missing-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', enabled);
    context = vscode.createContext(storage);
    await ext.activate(context as never);
  }
  const refresh = () => vscode.commands.executeCommand('openrouterDual.refreshModels');
  const notices = () => vscode.recorded.messages.filter((m) => m.level === 'warning' && /no longer offers/.test(m.text));

  it('names the missing model and the one used instead, once', async () => {
    await start([A, B], without(B));
    await refresh();
    await refresh();
    const shown = notices();
    assert.equal(shown.length, 1, JSON.stringify(vscode.recorded.messages));
    assert.match(shown[0].text, new RegExp(`no longer offers ${B.replace(/[.]/g, '\\.')}; using ${A.replace(/[.]/g, '\\.')} instead`));
    assert.deepEqual(shown[0].items, ['Choose Models']);
  });

  it('when every enabled model is missing, names the recommended models that stand in', async () => {
    await start([B], without(B));
    await refresh();
    const shown = notices();
    assert.equal(shown.length, 1, JSON.stringify(vscode.recorded.messages));
    assert.match(shown[0].text, /no longer offers mistralai\/devstral-small-2505:free; using the recommended free models \(.+:free.*\) instead/);
  });

  it('a model that leaves a list it was in is reported the same way', async () => {
    await start([A, B], payload);
    await refresh();
    assert.equal(notices().length, 0);
    double.setModelsPayload(without(B));
    await refresh();
    const shown = notices();
    assert.equal(shown.length, 1, JSON.stringify(vscode.recorded.messages));
    assert.match(shown[0].text, /no longer offers mistralai\/devstral-small-2505:free; using qwen\/qwen3-8b:free instead/);
  });
});

describe('host: "Refresh Free Models" with a long list of changes', function () {
  this.timeout(30_000);
  it('names at most ten new models and counts the rest', async () => {
    const double = await OpenRouterDouble.start();
    const storage = mkdtempSync(join(tmpdir(), 'host-refresh-'));
    const context = vscode.createContext(storage);
    try {
      vscode.recorded.reset();
      vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
      await ext.activate(context as never);
      await vscode.commands.executeCommand('openrouterDual.refreshModels');
      const report = vscode.recorded.messages.find((m) => /free models available/.test(m.text));
      assert.ok(report, JSON.stringify(vscode.recorded.messages).slice(0, 500));
      assert.match(report.text, /New: ([^,]+, ){9}[^,]+ and \d+ more\./);
      assert.ok(report.text.length < 800, `${report.text.length} characters`);
    } finally {
      await ext.deactivate();
      for (const d of context.subscriptions) d.dispose();
      await removeDir(storage);
      await double.close();
    }
  });
});
