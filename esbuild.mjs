// Bundles the extension (Node, CommonJS, `vscode` external) and the settings page (browser).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: production ? false : 'linked',
    metafile: true,
    logLevel: 'warning',
  },
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
  const out = results[0].metafile?.outputs['dist/extension.js'];
  if (out) console.log(`[esbuild] dist/extension.js ${(out.bytes / 1024).toFixed(0)} KB${production ? ' (production)' : ''}`);
}
