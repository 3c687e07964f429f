// Bundles the extension (Node, CommonJS, `vscode` external) and the settings page (browser).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The SDKs are ~2 MB of JavaScript. They are reached only through `import()` (a layering test
// enforces it), so the extension bundle leaves them out and loads separate bundles on the first
// request: activation then parses a small file. `ai` and the OpenRouter provider share one bundle so
// their common dependencies are not duplicated.
const LAZY_SDKS = { openai: './sdk/openai.js', ai: './sdk/ai.js', '@openrouter/ai-sdk-provider': './sdk/openrouter-provider.js' };

/**
 * A dynamic `import('openai')` becomes a lazily evaluated `require('./sdk/openai.js')`. A plain
 * external `import()` would load the CommonJS bundle as an ES module, which exposes only `default`
 * for the re-exporting shims.
 * @type {import('esbuild').Plugin}
 */
const lazySdks = {
  name: 'lazy-sdks',
  setup(build) {
    build.onResolve({ filter: /^(openai|ai|@openrouter\/ai-sdk-provider)$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'lazy-sdk' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(LAZY_SDKS[args.path])});`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/sdk\//, namespace: 'lazy-sdk' }, (args) => ({ path: args.path, external: true }));
  },
};

// zod (about 120 KB) is needed only when a schema is first used: a message, a saved file, a model
// list, a setting that is set. Every schema is already built on first use (src/core/lazy.ts), so
// the sources keep `import * as z from 'zod'` and the bundle gives them one accessor instead: a
// module with a getter per zod export that loads zod's own bundle (dist/sdk/zod.js) on the first
// read. A first start with default settings then never evaluates zod. A separate bundle, not a
// lazily evaluated module of this one: wrapped that way, zod could no longer drop its unused
// languages (260 KB). Left out: `locales` (every language; the one the sources use, Chinese, is
// reached through the accessor too), `z` (zod itself again, with them), `core` (types, for the
// sources) and the JSON Schema converters and compiler no source uses (45 KB).
const ZOD_EXPORTS = Object.keys(await import('zod')).filter((name) => !['locales', 'z', 'core', 'default', 'fromJSONSchema', 'toJSONSchema', 'compile'].includes(name));

/** @type {import('esbuild').Plugin} */
const lazyZod = {
  name: 'lazy-zod',
  setup(build) {
    build.onResolve({ filter: /^zod(\/v4\/locales\/zh-CN\.cjs)?$/ }, (args) =>
      args.kind === 'import-statement' && args.namespace === 'file' && !args.importer.includes('node_modules') ? { path: args.path, namespace: 'lazy-zod' } : undefined,
    );
    build.onLoad({ filter: /^zod\/v4\/locales\/zh-CN\.cjs$/, namespace: 'lazy-zod' }, () => ({
      contents: "module.exports = { __esModule: true, default: () => require('./sdk/zod.js').zhCN() };",
      loader: 'js',
    }));
    // An ES module, so that its namespace is built once: `import * as z` of a CommonJS module gives
    // every importing module its own copy (one getter per export: 12 copies of 260), which took a
    // fifth of the bundle's load. Not done for `vscode`: the ES wrapper makes esbuild wrap every
    // importer in a lazy initialiser, and activate() became slower by more than the load gained.
    build.onLoad({ filter: /^zod$/, namespace: 'lazy-zod' }, () => ({ contents: "export * from 'zod-getters';", loader: 'js' }));
    build.onResolve({ filter: /^zod-getters$/, namespace: 'lazy-zod' }, () => ({ path: 'zod-getters', namespace: 'lazy-zod' }));
    build.onLoad({ filter: /^zod-getters$/, namespace: 'lazy-zod' }, () => ({
      contents: [
        "let real; const zod = () => (real ??= require('./sdk/zod.js'));",
        `for (const name of ${JSON.stringify(ZOD_EXPORTS)}) Object.defineProperty(module.exports, name, { enumerable: true, get: () => zod()[name] });`,
      ].join('\n'),
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/sdk\//, namespace: 'lazy-zod' }, (args) => ({ path: args.path, external: true }));
  },
};

const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  // The Chinese messages as UTF-8, not \uXXXX escapes: three bytes a character instead of six.
  charset: 'utf8',
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
};


/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeBundle, stdin: { contents: "export * from 'openai'; export { default } from 'openai';", resolveDir: '.', loader: 'js' }, outfile: 'dist/sdk/openai.js' },
  {
    ...nodeBundle,
    stdin: { contents: "export * as ai from 'ai'; export * as provider from '@openrouter/ai-sdk-provider';", resolveDir: '.', loader: 'js' },
    outfile: 'dist/sdk/official.js',
  },
  { ...nodeBundle, stdin: { contents: `export { ${ZOD_EXPORTS.join(', ')} } from 'zod'; export { default as zhCN } from 'zod/v4/locales/zh-CN.js';`, resolveDir: '.', loader: 'js' }, outfile: 'dist/sdk/zod.js' },
  { ...nodeBundle, entryPoints: ['src/extension.ts'], plugins: [lazySdks, lazyZod], outfile: 'dist/extension.js', metafile: true },
];
/** The activation bundle's options, for test/unit/bundle.lazy.test.ts (which builds it with markers). */
export const extensionBuild = builds[3];


const runAsScript = process.argv[1] === fileURLToPath(import.meta.url);
if (runAsScript && existsSync('webview-ui/main.ts')) {
  builds.push({
    entryPoints: ['webview-ui/main.ts'],
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'linked',
    loader: { '.css': 'css', '.ttf': 'file' },
    logLevel: 'warning',
  });
}

if (runAsScript) {
  mkdirSync('dist/sdk', { recursive: true });
  writeFileSync('dist/sdk/ai.js', "module.exports = require('./official.js').ai;\n");
  writeFileSync('dist/sdk/openrouter-provider.js', "module.exports = require('./official.js').provider;\n");
}
if (runAsScript && watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes');
} else if (runAsScript) {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const out = results[3].metafile?.outputs['dist/extension.js'];
  if (out) console.log(`[esbuild] dist/extension.js ${(out.bytes / 1024).toFixed(0)} KB${production ? ' (production)' : ''}`);
}
