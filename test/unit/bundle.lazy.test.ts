// What a window that never uses a part does not pay for: the activation bundle, built as esbuild.mjs
// builds it, with a marker at the end of every source module (it runs when the module is
// evaluated), loaded and activated with default settings in a fresh Node process with the `vscode`
// stand-in. zod is its own bundle (dist/sdk/zod.js), seen in Node's module cache once loaded.
// Then the gateway is started and a setting is written, so the test also sees the parts load when
// they are used (a marker that never ran would prove nothing). A second process activates as a
// returning user does, with models picked and a few settings changed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { removeDir } from './tempDirs';

const ROOT = resolve(__dirname, '..', '..');

/** Valid values as a returning user has them: models picked, simple settings changed, endpoints removed again. */
const RETURNING_SETTINGS = {
  enabledModels: ['qwen/qwen3-8b:free', 'meta-llama/llama-3.3-70b-instruct:free'],
  routingStrategy: 'round_robin',
  maxRetries: 3,
  temperature: 0.7,
  baseUrl: 'http://127.0.0.1:9/api/v1/',
  'provider.ignore': ['DeepInfra'],
  endpoints: [],
};

/** Runs in the fresh process; prints what was evaluated after each step. argv: stub, bundle, storage, port, mode. */
const CHILD = `
const [stubFile, bundle, storage, port, mode] = process.argv.slice(2);
const vscode = require(stubFile);
if (mode === 'returning') {
  for (const [key, value] of Object.entries(${JSON.stringify(RETURNING_SETTINGS)})) vscode.recorded.settings.set('openrouterDual.' + key, value);
}
const seen = () => ({ modules: [...(globalThis.__evaluatedModules ?? [])], zod: Object.keys(require.cache).some((f) => f.endsWith('/sdk/zod.js')) });
const ext = require(bundle);
const afterLoad = seen();
(async () => {
  const context = vscode.createContext(storage);
  const api = await ext.activate(context);
  const afterActivate = seen();
  if (mode === 'returning') {
    await ext.deactivate();
    for (const d of context.subscriptions) d.dispose();
    console.log(JSON.stringify({ afterLoad, afterActivate }));
    process.exit(0);
  }
  await vscode.commands.executeCommand('openrouterDual.startGateway');
  const afterGateway = seen();
  await api.setConfiguration('gateway.port', Number(port));
  const afterSetting = seen();
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();
  console.log(JSON.stringify({ afterLoad, afterActivate, afterGateway, afterSetting }));
  // A watcher or timer of the window may still be pending; the answer is printed.
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface Seen {
  modules: string[];
  zod: boolean;
}

const GATEWAY_SERVER = ['src/core/gateway/server.ts', 'src/core/gateway/wireIn.ts', 'src/core/gateway/configApi.ts', 'src/host/gateway/gatewayBackend.ts'];

describe('activation bundle: parts loaded on first use', function () {
  this.timeout(120_000);
  let dir: string;
  let steps: Record<'afterLoad' | 'afterActivate' | 'afterGateway' | 'afterSetting', Seen>;
  let returning: Record<'afterLoad' | 'afterActivate', Seen>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-lazy-'));
    const { extensionBuild } = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as { extensionBuild: esbuild.BuildOptions };
    const markers: esbuild.Plugin = {
      name: 'evaluation-markers',
      setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
          const name = relative(ROOT, args.path).replace(/\\/g, '/');
          return { contents: `${readFileSync(args.path, 'utf8')}\n;((globalThis as any).__evaluatedModules ??= []).push(${JSON.stringify(name)});\n`, loader: 'ts' };
        });
      },
    };
    // The lazily loaded bundles are found next to the bundle, as in dist/.
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'pipe' });
    symlinkSync(join(ROOT, 'dist', 'sdk'), join(dir, 'sdk'));
    await esbuild.build({ ...extensionBuild, absWorkingDir: ROOT, plugins: [markers, ...(extensionBuild.plugins ?? [])], outfile: join(dir, 'extension.js'), sourcemap: false, metafile: false });
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;
    await esbuild.build({ ...common, entryPoints: [join(ROOT, 'test', 'unit', 'vscodeStub.ts')], outfile: join(dir, 'vscodeStub.js') });
    writeFileSync(join(dir, 'child.js'), CHILD);
    const storage = mkdtempSync(join(dir, 'storage-'));
    const port = String(20_000 + Math.floor(Math.random() * 30_000));
    const env = { ...process.env };
    delete env.OPENROUTER_API_KEY;
    const run = (mode: string, storageDir: string) =>
      JSON.parse(execFileSync(process.execPath, [join(dir, 'child.js'), join(dir, 'vscodeStub.js'), join(dir, 'extension.js'), storageDir, port, mode], { cwd: ROOT, encoding: 'utf8', env }));
    steps = run('new', storage);
    returning = run('returning', mkdtempSync(join(dir, 'storage-')));
  });
  after(() => removeDir(dir));

  it('evaluates the bundle itself at load (the markers work)', () => {
    assert.ok(steps.afterLoad.modules.includes('src/extension.ts'), steps.afterLoad.modules.join(', '));
  });

  it('does not evaluate zod at load nor on a first start with default settings', () => {
    assert.equal(steps.afterLoad.zod, false, 'zod loaded with the bundle');
    assert.equal(steps.afterActivate.zod, false, 'zod loaded by activate() with default settings');
    assert.equal(steps.afterSetting.zod, true, 'writing a setting validates it with zod');
  });

  it('does not evaluate zod when a returning user\'s settings are valid', () => {
    assert.ok(returning.afterActivate.modules.includes('src/extension.ts'));
    assert.equal(returning.afterActivate.zod, false, 'zod loaded by activate() reading valid settings');
  });

  it('builds the namespace of zod\'s accessor once, not once per module that imports zod', async () => {
    // A copy per importer (one getter per export, 12 importers, 260 exports) took a fifth of the load.
    const { extensionBuild } = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as { extensionBuild: esbuild.BuildOptions };
    const built = await esbuild.build({ ...extensionBuild, absWorkingDir: ROOT, minify: false, sourcemap: false, metafile: false, write: false, outfile: join(dir, 'readable.js') });
    const text = built.outputFiles[0]?.text ?? '';
    assert.ok(text.includes('lazy-zod'), 'the accessor is in the bundle');
    assert.equal(text.match(/__toESM\(require_zod/g)?.length, 1, 'namespace copies of the zod accessor');
  });

  it('does not evaluate the gateway server until the gateway starts', () => {
    for (const m of GATEWAY_SERVER) {
      assert.ok(!steps.afterActivate.modules.includes(m), `${m} evaluated at activation`);
      assert.ok(steps.afterGateway.modules.includes(m), `${m} not evaluated when the gateway started`);
    }
  });
});
