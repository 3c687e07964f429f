// Bundles the extension (Node, CommonJS, `vscode` external) and the settings page (browser).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

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

mkdirSync('dist/sdk', { recursive: true });
writeFileSync('dist/sdk/ai.js', "module.exports = require('./official.js').ai;\n");
writeFileSync('dist/sdk/openrouter-provider.js', "module.exports = require('./official.js').provider;\n");

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeBundle, stdin: { contents: "export * from 'openai'; export { default } from 'openai';", resolveDir: '.', loader: 'js' }, outfile: 'dist/sdk/openai.js' },
  {
    ...nodeBundle,
    stdin: { contents: "export * as ai from 'ai'; export * as provider from '@openrouter/ai-sdk-provider';", resolveDir: '.', loader: 'js' },
    outfile: 'dist/sdk/official.js',
  },
  { ...nodeBundle, entryPoints: ['src/extension.ts'], plugins: [lazySdks], outfile: 'dist/extension.js', metafile: true },
];

if (existsSync('webview-ui/main.ts')) {
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

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const out = results[2].metafile?.outputs['dist/extension.js'];
  if (out) console.log(`[esbuild] dist/extension.js ${(out.bytes / 1024).toFixed(0)} KB${production ? ' (production)' : ''}`);
}
