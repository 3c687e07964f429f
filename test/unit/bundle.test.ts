// The packaged extension, not the sources: the production bundle loads the SDKs from separate
// files on the first request (esbuild.mjs). Mocha runs the sources through tsx, where `import()`
// of a package always works, so only this test sees a bundle whose lazy SDK loading is broken.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OpenRouterDouble } from '../fixtures/double';
import * as vscode from './vscodeStub';
import type { OpenRouterDualApi } from '../../src/host/api';
import type { RouterEvent } from '../../src/core/router/types';

const ROOT = resolve(__dirname, '..', '..');
const MODEL = 'qwen/qwen3-8b:free';

describe('production bundle (dist/extension.js)', function () {
  this.timeout(120_000);
  let double: OpenRouterDouble;
  let storage: string;
  let ext: { activate(c: unknown): Promise<OpenRouterDualApi>; deactivate(): Promise<void> | void };
  let context: ReturnType<typeof vscode.createContext>;
  const savedEnvKey = process.env.OPENROUTER_API_KEY;

  before(async () => {
    delete process.env.OPENROUTER_API_KEY;
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'pipe' });
    double = await OpenRouterDouble.start();
    vscode.recorded.reset();
    storage = mkdtempSync(join(tmpdir(), 'bundle-test-'));
    vscode.recorded.settings.set('openrouterDual.baseUrl', double.baseUrl);
    vscode.recorded.settings.set('openrouterDual.enabledModels', [MODEL]);
    context = vscode.createContext(storage);
    await context.secrets.store('openrouterDual.apiKey', 'sk-or-v1-bundle-test');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ext = require(join(ROOT, 'dist', 'extension.js'));
  });
  after(async () => {
    await ext?.deactivate();
    for (const d of context?.subscriptions ?? []) d.dispose();
    await double?.close();
    rmSync(storage, { recursive: true, force: true });
    if (savedEnvKey !== undefined) process.env.OPENROUTER_API_KEY = savedEnvKey;
  });

  it('keeps the SDKs out of the activation bundle', () => {
    const kb = statSync(join(ROOT, 'dist', 'extension.js')).size / 1024;
    assert.ok(kb < 1536, `dist/extension.js is ${kb.toFixed(0)} KB`);
  });

  for (const mode of ['openai_compatible', 'openrouter_sdk'] as const) {
    it(`answers through the bundled ${mode} SDK`, async () => {
      const api = await ext.activate(context);
      assert.equal((await api.setConfiguration('providerMode', mode)).ok, true);
      double.script(MODEL, { kind: 'stream', text: ['Bundled ', mode, '.'] });
      const events: RouterEvent[] = [];
      for await (const e of api.chat({ messages: [{ role: 'user', content: 'hi' }] })) events.push(e);
      const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
      const end = events.at(-1);
      assert.equal(text, `Bundled ${mode}.`, JSON.stringify(end));
      assert.equal(end?.type, 'done');
      assert.equal(double.chatRequests.at(-1)?.model, MODEL);
      await ext.deactivate();
    });
  }
});
